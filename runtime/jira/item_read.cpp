// item_read.cpp — comments, attachments, links and worklogs as records.
#include "runtime/jira/item_read.h"

#include "compiler/schema/shapes.h"
#include "runtime/jira/value_read.h"

namespace twinsync::jira {
namespace {

using ItemReader = Value (*)(Decoder&, const Json&, const std::string&);

// Reads a list that Jira sends either bare or wrapped in a page object under `wrapper`.
Value read_item_list(Decoder& d, const Json& j, const std::string& path, const char* wrapper, ItemReader read) {
  if (j.is_null()) return Value::list({});
  const Json* items = &j;
  std::string items_path = path;
  if (j.is_object()) {
    items = member(j, wrapper);
    items_path = path_join(path, wrapper);
    if (items == nullptr) {
      d.warn(path, std::string("expected a list or an object with \"") + wrapper + "\"");
      return Value::null();
    }
  }
  if (!items->is_array()) {
    d.unexpected(items_path, "a list", *items);
    return Value::null();
  }
  std::vector<Value> out;
  for (size_t i = 0; i < items->size(); ++i) {
    Value v = read(d, (*items)[i], path_join(items_path, i));
    if (!v.is_null()) out.push_back(std::move(v));
  }
  return Value::list(std::move(out));
}

bool require_object(Decoder& d, const Json& j, const std::string& path, const char* what) {
  if (j.is_object()) return true;
  d.unexpected(path, what, j);
  return false;
}

// "role:Developers" / "group:jira-developers": enough to write the restriction back.
Value read_visibility(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::null();
  if (!j.is_object()) {
    d.unexpected(path, "a visibility object", j);
    return Value::null();
  }
  auto type = text_at(j, "type");
  auto value = text_at(j, "value");
  if (!value) value = text_at(j, "identifier");
  if (!type || !value) {
    d.warn(path, "visibility without type and value");
    return Value::null();
  }
  return Value::string(*type + ":" + *value);
}

}  // namespace

Value read_comment(Decoder& d, const Json& j, const std::string& path) {
  if (!require_object(d, j, path, "a comment object")) return Value::null();
  Value c = Value::record(comment_shape());
  auto field = [&](const char* key) -> const Json& { return member_or_null(j, key); };
  c.set_field(slot(CommentSlot::Id), read_text(d, field("id"), path_join(path, "id")));
  c.set_field(slot(CommentSlot::Author), read_user(d, field("author"), path_join(path, "author")));
  c.set_field(slot(CommentSlot::Body), read_rich_text(d, field("body"), path_join(path, "body")));
  c.set_field(slot(CommentSlot::Created), read_datetime(d, field("created"), path_join(path, "created")));
  c.set_field(slot(CommentSlot::Updated), read_datetime(d, field("updated"), path_join(path, "updated")));
  Value visibility = read_visibility(d, field("visibility"), path_join(path, "visibility"));
  // Service-management comments say jsdPublic=false when only agents see them; a restricted
  // comment is internal as well.
  const bool not_public = bool_at(j, "jsdPublic") == false;
  c.set_field(slot(CommentSlot::Internal), Value::boolean(not_public || !visibility.is_null()));
  c.set_field(slot(CommentSlot::Visibility), std::move(visibility));
  return c;
}

Value read_comments(Decoder& d, const Json& j, const std::string& path) {
  return read_item_list(d, j, path, "comments", read_comment);
}

Value read_attachment(Decoder& d, const Json& j, const std::string& path) {
  if (!require_object(d, j, path, "an attachment object")) return Value::null();
  auto field = [&](const char* key) -> const Json& { return member_or_null(j, key); };
  Value a = Value::record(attachment_shape());
  a.set_field(slot(AttachmentSlot::Id), read_text(d, field("id"), path_join(path, "id")));
  a.set_field(slot(AttachmentSlot::Filename), read_text(d, field("filename"), path_join(path, "filename")));
  a.set_field(slot(AttachmentSlot::Size), read_number(d, field("size"), path_join(path, "size")));
  a.set_field(slot(AttachmentSlot::MimeType), read_text(d, field("mimeType"), path_join(path, "mimeType")));
  a.set_field(slot(AttachmentSlot::Author), read_user(d, field("author"), path_join(path, "author")));
  a.set_field(slot(AttachmentSlot::Created), read_datetime(d, field("created"), path_join(path, "created")));
  a.set_field(slot(AttachmentSlot::Content), read_text(d, field("content"), path_join(path, "content")));
  if (a.field(slot(AttachmentSlot::Id)).is_null()) {
    // Jira Server omits the id in some answers; the content URL ends with it.
    const Value& content = a.field(slot(AttachmentSlot::Content));
    if (content.is_string()) {
      std::string_view url = content.as_string();
      const auto marker = url.find("/attachment/");
      if (marker != std::string_view::npos) {
        std::string_view rest = url.substr(marker + 12);
        if (rest.rfind("content/", 0) == 0) rest.remove_prefix(8);
        rest = rest.substr(0, rest.find('/'));
        if (!rest.empty()) a.set_field(slot(AttachmentSlot::Id), Value::string(rest));
      }
    }
  }
  return a;
}

Value read_attachments(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_object()) {
    d.unexpected(path, "a list of attachments", j);
    return Value::null();
  }
  return read_item_list(d, j, path, "attachments", read_attachment);
}

Value read_link(Decoder& d, const Json& j, const std::string& path) {
  if (!require_object(d, j, path, "an issue link object")) return Value::null();
  const char* direction = nullptr;
  const Json* other = nullptr;
  if ((other = member(j, "outwardIssue"))) {
    direction = "outward";
  } else if ((other = member(j, "inwardIssue"))) {
    direction = "inward";
  }
  auto key = other ? text_at(*other, "key") : std::nullopt;
  if (!key) {
    d.warn(path, "issue link without outwardIssue.key or inwardIssue.key");
    return Value::null();
  }
  Value link = Value::record(link_shape());
  const Json* type = member(j, "type");
  if (type != nullptr) link.set_field(slot(LinkSlot::Type), read_name(d, *type, path_join(path, "type")));
  link.set_field(slot(LinkSlot::Direction), Value::string(direction));
  link.set_field(slot(LinkSlot::Key), Value::string(*key));
  return link;
}

Value read_links(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_object()) {
    d.unexpected(path, "a list of issue links", j);
    return Value::null();
  }
  return read_item_list(d, j, path, "issuelinks", read_link);
}

Value read_worklog(Decoder& d, const Json& j, const std::string& path) {
  if (!require_object(d, j, path, "a worklog object")) return Value::null();
  auto field = [&](const char* key) -> const Json& { return member_or_null(j, key); };
  Value w = Value::record(worklog_shape());
  w.set_field(slot(WorklogSlot::Id), read_text(d, field("id"), path_join(path, "id")));
  w.set_field(slot(WorklogSlot::Author), read_user(d, field("author"), path_join(path, "author")));
  w.set_field(slot(WorklogSlot::Started), read_datetime(d, field("started"), path_join(path, "started")));
  w.set_field(slot(WorklogSlot::Seconds),
              read_number(d, field("timeSpentSeconds"), path_join(path, "timeSpentSeconds")));
  w.set_field(slot(WorklogSlot::Comment), read_rich_text(d, field("comment"), path_join(path, "comment")));
  return w;
}

Value read_worklogs(Decoder& d, const Json& j, const std::string& path) {
  return read_item_list(d, j, path, "worklogs", read_worklog);
}

Result<Decoded<Value>> decode_comment(const Json& j) {
  if (!j.is_object()) return make_error("/: expected a comment object, got " + json_kind(j), ErrorKind::BadJson);
  Decoder d(empty_catalog());
  Value c = read_comment(d, j, "");
  return Decoded<Value>{std::move(c), d.take_warnings()};
}

Result<Decoded<Value>> decode_comment_page(const Json& j) {
  if (!j.is_object() && !j.is_array()) {
    return make_error("/: expected a page of comments, got " + json_kind(j), ErrorKind::BadJson);
  }
  Decoder d(empty_catalog());
  Value list = read_comments(d, j, "");
  if (list.is_null()) return make_error(d.warnings().empty() ? "/: no comments" : d.warnings()[0].text(), ErrorKind::BadJson);
  return Decoded<Value>{std::move(list), d.take_warnings()};
}

Result<Decoded<Value>> decode_attachments(const Json& j) {
  Decoder d(empty_catalog());
  if (j.is_object()) {
    Value one = read_attachment(d, j, "");
    return Decoded<Value>{Value::list({one}), d.take_warnings()};
  }
  if (!j.is_array()) return make_error("/: expected a list of attachments, got " + json_kind(j), ErrorKind::BadJson);
  Value list = read_attachments(d, j, "");
  return Decoded<Value>{std::move(list), d.take_warnings()};
}

}  // namespace twinsync::jira
