// demo_report.cpp — the demo's closing table: each synced field, in sync or not.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "compiler/schema/shapes.h"
#include "runtime/demo/demo_report.h"
#include "runtime/sync/items.h"

namespace twinsync::demo {
namespace {

std::string text(const Value& issue, IssueSlot s) {
  const Value& v = issue.is_record() ? issue.field(slot(s)) : Value();
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

// The bodies of public comments, with the sync's author line taken off.
std::set<std::string> public_bodies(const Value& issue) {
  std::set<std::string> out;
  const Value& list = issue.field(slot(IssueSlot::Comments));
  if (!list.is_list()) return out;
  for (const Value& c : list.as_list()) {
    if (!c.field(slot(CommentSlot::Visibility)).is_null() || c.field(slot(CommentSlot::Internal)).truthy()) continue;
    const Value& b = c.field(slot(CommentSlot::Body));
    if (b.is_string()) out.insert(std::string(CommentFormat().strip(b.as_string())));
  }
  return out;
}

std::set<std::string> filenames(const Value& issue) {
  std::set<std::string> out;
  const Value& list = issue.field(slot(IssueSlot::Attachments));
  if (!list.is_list()) return out;
  for (const Value& a : list.as_list()) {
    const Value& f = a.field(slot(AttachmentSlot::Filename));
    if (f.is_string()) out.insert(std::string(f.as_string()));
  }
  return out;
}

// QA's view of the developers' status (examples/outsourced_qa/qa.sync's statusMap).
std::string qa_status_for(const std::string& dev) { return dev == "In Review" ? "In Progress" : dev; }

const char* mark(bool ok) { return ok ? "ok" : "DIFFERS"; }

}  // namespace

bool print_report(Story& story, std::ostream& out) {
  out << "\n  QA     DEV    summary  priority  description  status            comments  files\n";
  bool all = true;
  for (const std::string& key : story.qa_keys()) {
    auto qa = story.blue().tracker().get_issue(key);
    auto st = story.blue().issue_status(key);
    const std::string twin = st && !st->empty() ? (*st)[0].remote_key : "";
    if (!qa || twin.empty()) {
      out << "  " << key << "  (no twin)\n";
      all = false;
      continue;
    }
    auto dev = story.green().tracker().get_issue(twin);
    if (!dev) {
      out << "  " << key << "  " << twin << "  (cannot read)\n";
      all = false;
      continue;
    }
    const bool summary = text(*qa, IssueSlot::Summary) == text(*dev, IssueSlot::Summary);
    const bool priority = text(*qa, IssueSlot::Priority) == text(*dev, IssueSlot::Priority);
    const bool description = text(*dev, IssueSlot::Description).find(text(*qa, IssueSlot::Description)) == 0;
    const std::string dev_status = text(*dev, IssueSlot::Status);
    const bool status = text(*qa, IssueSlot::Status) == qa_status_for(dev_status);
    const auto qc = public_bodies(*qa), dc = public_bodies(*dev);
    const bool comments = qc == dc;
    if (!comments && std::getenv("TWINSYNC_DEMO_DEBUG")) {
      for (const auto& x : qc) out << "    blue comment: [" << x << "]\n";
      for (const auto& x : dc) out << "    green comment: [" << x << "]\n";
    }
    const auto qf = filenames(*qa), df = filenames(*dev);
    const bool files = std::includes(df.begin(), df.end(), qf.begin(), qf.end());
    char status_cell[64];
    std::snprintf(status_cell, sizeof status_cell, "%s (%s)", mark(status), text(*qa, IssueSlot::Status).c_str());
    char line[256];
    std::snprintf(line, sizeof line, "  %-6s %-6s %-8s %-9s %-12s %-17s %-9s %s\n", key.c_str(), twin.c_str(), mark(summary),
                  mark(priority), mark(description), status_cell, mark(comments), mark(files));
    out << line;
    all = all && summary && priority && description && status && comments && files;
  }
  if (!story.home_only().empty()) {
    auto st = story.blue().issue_status(story.home_only());
    const bool stayed = st && st->empty();
    out << "  " << story.home_only() << "  " << (stayed ? "stays on blue: not vetted, no trigger matched" : "DIFFERS: it synced")
        << "\n";
    all = all && stayed;
  }
  out << (all ? "\nAll synced fields are in sync.\n" : "\nSome fields are not in sync: see twinsync errors.\n");
  return all;
}

}  // namespace twinsync::demo
