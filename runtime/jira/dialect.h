// dialect.h — which Jira the connector talks to: Cloud or Data Center, REST v2 (wiki markup) or
// v3 (ADF). Readers accept every form; writers need to know which one to produce.
#pragma once

#include <string>

namespace twinsync::jira {

enum class Flavour { Cloud, DataCenter };

struct Dialect {
  Flavour flavour = Flavour::Cloud;
  int api = 3;  // 2 or 3; Data Center only has 2

  bool cloud() const { return flavour == Flavour::Cloud; }
  /// Rich text (description, environment, comments, textarea fields) is ADF in v3.
  bool adf() const { return api >= 3; }
  /// "/rest/api/3"
  std::string api_root() const { return "/rest/api/" + std::to_string(api); }

  static Dialect cloud_v3() { return {Flavour::Cloud, 3}; }
  static Dialect cloud_v2() { return {Flavour::Cloud, 2}; }
  static Dialect data_center() { return {Flavour::DataCenter, 2}; }
};

}  // namespace twinsync::jira
