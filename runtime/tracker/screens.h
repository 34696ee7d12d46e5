// screens.h — which fields the create, edit and transition screens offer, and the metadata
// (createmeta, editmeta, transitions?expand=transitions.fields) that tells clients so.
#pragma once

#include "runtime/tracker/fields.h"
#include "runtime/tracker/state.h"

namespace twinsync::tracker {

bool on_create_screen(const FieldInfo& f);
/// Resolution is absent as in a classic Jira edit screen: it changes through transitions.
bool on_edit_screen(const FieldInfo& f);
bool required_on_create(const FieldInfo& f, const IssueType& type);

/// {field id: meta} of the create screen of one issue type.
Json create_meta_fields(const Renderer& r, const Project& p, const IssueType& type);
/// {field id: meta} of an issue's edit screen.
Json edit_meta_fields(const Renderer& r, const Issue& issue);
/// {"expand": "transitions", "transitions": […]} for the issue's current status.
Json transitions_json(TrackerState& s, const Renderer& r, const Issue& issue, bool with_fields);

}  // namespace twinsync::tracker
