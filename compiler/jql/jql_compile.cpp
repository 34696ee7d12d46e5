// jql_compile.cpp — JQL clauses to stack code calling the $-prefixed JQL host functions.
#include "compiler/jql/jql_compile.h"

#include <algorithm>
#include <optional>
#include <cctype>

#include "compiler/check/builtin_table.h"
#include "compiler/check/suggest.h"
#include "compiler/codegen/emitter.h"
#include "compiler/jql/jql_fields.h"
#include "compiler/jql/jql_history.h"
#include "compiler/jql/jql_lookups.h"
#include "compiler/jql/jql_print.h"
#include "compiler/schema/shapes.h"
#include "compiler/support/numbers.h"
#include "compiler/support/text.h"
#include "compiler/vm/datetime.h"

namespace twinsync {
namespace {

using jql::Clause;
using jql::FieldRef;

// "-1d", "2w", "-1w 2d", "4h", "-30m" -> milliseconds; nullopt when not a relative date.
std::optional<int64_t> relative_offset(const std::string& text) {
  int64_t total = 0;
  size_t i = 0;
  bool any = false;
  int sign = 1;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) sign = text[i++] == '-' ? -1 : 1;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i == text.size()) break;
    size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    // Each part is digits and one unit letter; nine digits at most keep n * unit inside int64.
    if (j == i || j == text.size() || j - i > 9) return std::nullopt;
    const int64_t n = parse_int<int64_t>(text.substr(i, j - i)).value_or(0);  // at most 9 digits
    int64_t unit = 0;
    switch (text[j]) {
      case 'w': unit = 7 * 86400000LL; break;
      case 'd': unit = 86400000LL; break;
      case 'h': unit = 3600000LL; break;
      case 'm': unit = 60000LL; break;
      default: return std::nullopt;
    }
    total += n * unit;
    any = true;
    i = j + 1;
  }
  if (!any) return std::nullopt;
  // One sign covers the whole offset: "-1w 2d" is nine days back.
  return sign * total;
}

class JqlGen {
 public:
  JqlGen(Emitter& e, const Schema& schema, DiagnosticSink& sink, JqlFallback fallback)
      : e_(e), schema_(schema), sink_(sink), fallback_(fallback) {}

  // `negated`: under an odd number of NOTs. Jira pushes NOT down to the operators (De Morgan:
  // NOT (a = x) is a != x, NOT (a AND b) is NOT a OR NOT b), so `NOT assignee = jsmith`, like
  // `assignee != jsmith`, leaves out unassigned issues; a plain negation would take them in.
  void clause(const Clause& c, bool negated = false) {
    // A trigger hands what the record cannot answer to the tracker; a history clause's predicates
    // and dates are still checked here, so that lint reports Jira's errors before the first change.
    if (fallback_ == JqlFallback::AskTracker && only_the_tracker_judges(c)) {
      if (c.kind == Clause::Was || c.kind == Clause::Changed) {
        check_history_predicates(c);
        check_history_dates(c);
      }
      // A NOT above the clause is asked with it: Jira pushes NOT down to the operator (NOT
      // sprint = 5 leaves out issues with no sprint), which a negated answer here would not.
      ask_tracker(c, negated);
      return;
    }
    switch (c.kind) {
      case Clause::And:
      case Clause::Or: {
        // Under NOT, AND becomes OR and OR becomes AND (De Morgan). A jump that keeps the deciding
        // child's bool short-circuits; an empty group, `()`, is true, or false under NOT.
        const bool all = (c.kind == Clause::And) != negated;
        std::vector<size_t> exits;
        for (size_t i = 0; i < c.children.size(); ++i) {
          if (i > 0) exits.push_back(e_.emit_jump(all ? Op::JumpIfFalseKeep : Op::JumpIfTrueKeep, c.span));
          clause(*c.children[i], negated);
        }
        for (size_t x : exits) e_.patch(x);
        if (c.children.empty()) e_.emit(all ? Op::True : Op::False, c.span);
        break;
      }
      case Clause::Not: clause(*c.children[0], !negated); break;
      case Clause::Compare: compare(c, negated ? inverse(c.op) : c.op); break;
      case Clause::IsEmpty:
      case Clause::IsNotEmpty:
        // An unknown field was reported and left a null, which a filter takes as false.
        if (!field(c.field)) break;
        // $empty: null, or an empty text, list or map. IS NOT EMPTY, and IS EMPTY under NOT,
        // negate it.
        call(BuiltinId::JqlEmpty, 1, c.span);
        if ((c.kind == Clause::IsNotEmpty) != negated) e_.emit(Op::Not, c.span);
        break;
      case Clause::Was:
      case Clause::Changed:
        history(c);
        if (negated) e_.emit(Op::Not, c.span);  // NOT WAS is WAS NOT; NOT CHANGED its negation
        break;
      case Clause::FunctionCall:
        // Compiled as false, with or without a NOT above it: an unsupported clause never matches.
        sink_.report(DiagId::JqlUnsupportedFunc, c.span,
                     "a function on its own (" + c.function.text + "(…)) is not a filter twinsync can evaluate");
        e_.emit(Op::False, c.span);
        break;
    }
  }

 private:
  // A leaf clause that reads what the issue record does not carry: its history (WAS, CHANGED),
  // or one of Jira's fields and functions the tracker alone knows (jql_tracker_only.def).
  bool only_the_tracker_judges(const Clause& c) const {
    if (c.kind == Clause::Was || c.kind == Clause::Changed) return history_field(c.field).has_value();
    if (c.kind != Clause::Compare && c.kind != Clause::IsEmpty && c.kind != Clause::IsNotEmpty) return false;
    if (c.field.custom_id < 0 && c.field.property.empty() && !jql::resolve_field(c.field, schema_) &&
        jql::tracker_only_field(c.field.name)) {
      return true;
    }
    return std::any_of(c.operand.values.begin(), c.operand.values.end(), [](const jql::Value& v) {
      return v.kind == jql::Value::Function && jql::tracker_only_function(v.text);
    });
  }

  // Jira answers WAS and CHANGED for the fields of jql_history.def only; their tracker field id.
  static std::optional<std::string_view> history_field(const jql::Field& f) {
    if (f.custom_id >= 0 || !f.property.empty()) return std::nullopt;
    return jql::history_field_id(f.name);
  }

  // WAS takes AFTER, BEFORE, BY, DURING and ON; CHANGED takes FROM and TO as well. False (and
  // reported) when a predicate does not belong.
  bool check_history_predicates(const Clause& c) {
    bool fine = true;
    const bool was = c.kind == Clause::Was;
    for (const jql::HistoryPredicate& h : c.history) {
      const jql::HistoryPredicateInfo* info = jql::find_history_predicate(h.word);
      if (info && (was ? info->on_was : info->on_changed)) continue;
      std::string allowed;
      for (const char* w : {"AFTER", "BEFORE", "BY", "DURING", "ON", "FROM", "TO"}) {
        const jql::HistoryPredicateInfo* p = jql::find_history_predicate(w);
        if (p && (was ? p->on_was : p->on_changed)) allowed += (allowed.empty() ? "" : ", ") + std::string(w);
      }
      std::string word = h.word;
      std::transform(word.begin(), word.end(), word.begin(), [](unsigned char x) { return std::toupper(x); });
      sink_.report(DiagId::JqlBadOperator, h.span,
                   "The '" + word + "' predicate is not supported by the '" + (was ? "WAS" : "CHANGED") + "' operator.")
          .help = std::string(was ? "WAS" : "CHANGED") + " takes " + allowed;
      fine = false;
    }
    return fine;
  }

  // A clause asked of the tracker is not compiled here, but a date it cannot read is still
  // Jira's error, found by lint rather than by the first change.
  void check_history_dates(const Clause& c) {
    for (const jql::HistoryPredicate& h : c.history) {
      const jql::HistoryPredicateInfo* info = jql::find_history_predicate(h.word);
      if (!info || (info->values != jql::HistoryValues::Date && info->values != jql::HistoryValues::Dates)) continue;
      for (const jql::Value& v : h.values) {
        if (v.kind == jql::Value::Literal && !relative_offset(v.text) && !datetime::parse_datetime(v.text)) {
          report_bad_date(v);
        }
      }
    }
  }

  void report_bad_date(const jql::Value& v) {
    sink_.report(DiagId::JqlBadValue, v.span, "`" + v.text + "` is not a date")
        .help = "write \"2024-01-31\", \"2024/01/31 14:00\", a relative date such as -1d or -2w, or now()";
  }

  // WAS / CHANGED where the host keeps the issue's history (the embedded tracker's own search):
  // one host call with every value already evaluated, so dates, currentUser() and membersOf()
  // mean what they mean elsewhere in the filter. Elsewhere it is Jira's error for the field.
  void history(const Clause& c) {
    // `op` has any NOT above folded in, so NOT (a = EMPTY) arrives here as != EMPTY.
    const auto field_id = history_field(c.field);
    if (!field_id) {
      sink_.report(DiagId::JqlUnsupportedClause, c.field.span,
                   "History searches do not support the '" + c.field.name + "' field.")
          .help = "Jira searches the history of " + jql::history_field_list();
      e_.emit(Op::False, c.span);
      return;
    }
    if (!check_history_predicates(c)) {
      e_.emit(Op::False, c.span);
      return;
    }
    const bool was = c.kind == Clause::Was;
    // Values are read with the field's type, so that a number or a date is parsed as one.
    auto ref = jql::resolve_field(c.field, schema_);
    last_ = ref ? *ref : FieldRef{};
    if (!ref) last_.type = types::text();
    const FieldRef history_ref = last_;
    // The call's arguments: the issue, [kind, field id], the WAS value (null for EMPTY and for
    // CHANGED), and a list of predicates, each [word, value…]; history_query_from reads them back.
    e_.emit(Op::LoadRoot, c.span, 0);
    const std::vector<Value> spec = {Value::string(was ? "was" : "changed"), Value::string(*field_id)};
    e_.emit(Op::Const, c.span, 0, e_.constant(Value::list(spec), c.span));
    if (was && c.operand.kind != jql::Operand::Empty) {
      operand(c.operand);
    } else {
      e_.emit(Op::Null, c.span);
    }
    for (const jql::HistoryPredicate& h : c.history) {
      const jql::HistoryPredicateInfo& info = *jql::find_history_predicate(h.word);
      e_.emit(Op::Const, h.span, 0, e_.constant(Value::string(info.word), h.span));
      // A predicate's values are typed by what it takes: dates (so that -1d is relative), users
      // for BY, and the field's own type for FROM and TO.
      last_ = history_ref;
      if (info.values == jql::HistoryValues::Date || info.values == jql::HistoryValues::Dates) last_.type = types::datetime();
      if (info.values == jql::HistoryValues::Users) last_.type = types::user();
      for (const jql::Value& v : h.values) value(v);
      e_.emit(Op::MakeList, h.span, 0, static_cast<uint16_t>(h.values.size() + 1));
    }
    e_.emit(Op::MakeList, c.span, 0, static_cast<uint16_t>(c.history.size()));
    last_ = history_ref;
    call(BuiltinId::JqlHistory, 4, c.span);
    // The host answers WAS only; WAS NOT is its negation.
    if (c.was_not) e_.emit(Op::Not, c.span);
  }

  // The clause, printed as Jira reads it, goes to the tracker with the issue: one search per
  // change judged (`key = K AND (clause)`), which lint says, so the cost is a choice.
  void ask_tracker(const Clause& c, bool negated) {
    const std::string text = jql::print(c);
    sink_.report(DiagId::JqlAskTracker, c.span, "`" + text + "` is judged by the tracker: one search per change")
        .help = "the issue record twinsync evaluates does not carry this; a clause on the issue's own fields is free";
    e_.emit(Op::LoadRoot, c.span, 0);
    const std::string asked = negated ? "NOT (" + text + ")" : text;
    e_.emit(Op::Const, c.span, 0, e_.constant(Value::string(asked), c.span));
    call(BuiltinId::JqlAskTracker, 2, c.span);
  }

  void call(BuiltinId id, uint8_t argc, Span span) {
    e_.emit(Op::Call, span, argc, static_cast<uint16_t>(id));
  }

  // Pushes the field's value; false (and a diagnostic, and a pushed null) when unknown.
  bool field(const jql::Field& f) {
    auto ref = jql::resolve_field(f, schema_);
    if (!ref) {
      if (f.custom_id >= 0) {
        sink_.report(DiagId::JqlUnknownField, f.span, "custom field id " + std::to_string(f.custom_id) + " is not known here")
            .help = "name it instead: \"Story Points\" = 3, and declare it with custom \"Story Points\": number";
      } else if (!f.property.empty()) {
        sink_.report(DiagId::JqlUnknownField, f.span, "issue properties are not part of the issue twinsync sees");
      } else {
        std::vector<std::string> names = jql::standard_field_names();
        for (const auto& [n, t] : schema_.custom_fields) names.push_back(n);
        // A name Jira does not define is a custom field on some site: say how this one learns it.
        std::string help = did_you_mean(f.name, names).value_or("");
        // A trigger's author may not have given lint the field list; the tracker has its own.
        // cf[…] too large to be an id has no name to declare.
        if (fallback_ == JqlFallback::AskTracker && ascii_lower(f.name).rfind("cf[", 0) != 0) {
          help += std::string(help.empty() ? "a" : " A") + " custom field is known from the tracker's field list " +
                  "(a node reads it; lint --fields fields.json) or from a declaration: custom \"" + f.name + "\": text";
        }
        sink_.report(DiagId::JqlUnknownField, f.span,
                     "Field `" + f.name + "` does not exist or you do not have permission to view it")
            .help = help.empty() ? std::optional<std::string>() : std::optional<std::string>(help);
      }
      e_.emit(Op::Null, f.span);
      last_ = FieldRef{};
      last_.type = types::any();
      return false;
    }
    last_ = *ref;
    // A custom field is read by name from the issue's custom map; `text` is the list $text makes
    // of summary, description, environment and comments, for $contains to search.
    switch (ref->kind) {
      case FieldRef::Slot: e_.emit(Op::LoadField, f.span, 0, static_cast<uint16_t>(ref->slot)); break;
      case FieldRef::Custom:
        e_.emit(Op::LoadRoot, f.span, 0);
        e_.emit(Op::GetCustom, f.span, 0, e_.constant(Value::string(ref->custom), f.span));
        break;
      case FieldRef::Text:
        e_.emit(Op::LoadRoot, f.span, 0);
        call(BuiltinId::JqlText, 1, f.span);
        break;
    }
    return true;
  }

  bool is_date_field() const {
    return last_.type && (last_.type->kind == TypeKind::Date || last_.type->kind == TypeKind::DateTime);
  }

  // A JQL increment, "(+/-)nn(y|M|w|d|h|m)": a sign (plus when left out), a count and a unit
  // (empty: the function's own). Jira's words for a bad one name the function's unit.
  struct Increment {
    int64_t count = 0;
    std::string unit;
  };
  Increment increment(const jql::Value& arg, const char* period) {
    std::string_view text = arg.text;
    Increment inc;
    if (!text.empty() && std::string_view("yMwdhm").find(text.back()) != std::string_view::npos) {
      inc.unit = std::string(1, text.back());
      text.remove_suffix(1);
    }
    // Jira writes the shift with a sign either way: "+1", "-1".
    if (text.starts_with('+') && !text.substr(1).starts_with('-')) text.remove_prefix(1);
    if (auto n = parse_int<int64_t>(text)) {
      inc.count = *n;
    } else {
      sink_.report(DiagId::JqlBadValue, arg.span,
                   "`" + arg.text + "` is not an increment: a whole number of " + period + "s, or (+/-)nn(y|M|w|d|h|m)");
      inc = {};
    }
    return inc;
  }

  void function(const jql::Value& v) {
    const std::string name = ascii_lower(v.text);
    // Function names ignore case, as in Jira. now() is $nowPlus(0), so a filter's clock is the
    // host's.
    if (name == "now" && v.args.empty()) {
      e_.emit(Op::Const, v.span, 0, e_.constant(Value::number(0), v.span));
      call(BuiltinId::JqlNowPlus, 1, v.span);
      return;
    }
    if (name == "currentuser" && v.args.empty()) {
      call(BuiltinId::JqlCurrentUser, 0, v.span);
      return;
    }
    for (const char* unit : {"day", "week", "month", "year"}) {
      const bool start = name == std::string("startof") + unit;
      const bool end = name == std::string("endof") + unit;
      if (!start && !end) continue;
      const Increment inc = v.args.empty() ? Increment{} : increment(v.args[0], unit);
      // A count of the function's own unit moves the period (startOfMonth(-1) is last month's
      // start); any other unit moves the bound itself (startOfMonth("+14d") is the 15th).
      const bool own = inc.unit.empty() || inc.unit == std::string(1, unit[0] == 'm' ? 'M' : unit[0]);
      // $endOf gives the period's last millisecond: the next period's start minus one.
      e_.emit(Op::Const, v.span, 0, e_.constant(Value::string(unit), v.span));
      e_.emit(Op::Const, v.span, 0, e_.constant(Value::number(own ? static_cast<double>(inc.count) : 0), v.span));
      call(start ? BuiltinId::JqlStartOf : BuiltinId::JqlEndOf, 2, v.span);
      if (own) return;
      e_.emit(Op::Const, v.span, 0, e_.constant(Value::string(inc.unit), v.span));
      e_.emit(Op::Const, v.span, 0, e_.constant(Value::number(static_cast<double>(inc.count)), v.span));
      call(BuiltinId::JqlShift, 3, v.span);
      return;
    }
    if (const jql::LookupInfo* l = jql::find_lookup(name)) {
      lookup(v, *l);
      return;
    }
    // An unsupported function leaves a null, so the clause still compiles after the error.
    std::string known;
    for (const jql::LookupInfo& l : jql::all_lookups()) known += std::string(", ") + l.name + "()";
    sink_.report(DiagId::JqlUnsupportedFunc, v.span, "Unable to find JQL function `" + v.text + "()`")
        .help = "twinsync evaluates now(), currentUser(), startOfDay/Week/Month/Year(), endOfDay/Week/Month/Year()" +
                known;
    e_.emit(Op::Null, v.span);
  }

  // A function whose answer is the tracker's data: the runtime asks the connector (cached); the
  // arguments are constants, so the call is one constant list and one host call.
  void lookup(const jql::Value& v, const jql::LookupInfo& l) {
    const int n = static_cast<int>(v.args.size());
    if (n < l.min_args || n > l.max_args) {
      const std::string want = l.min_args == l.max_args ? std::to_string(l.min_args)
                                                          : std::to_string(l.min_args) + " to " + std::to_string(l.max_args);
      sink_.report(DiagId::JqlBadValue, v.span, "Function '" + std::string(l.name) + "' expected '" + want +
                                                    "' arguments but received '" + std::to_string(n) + "'.");
    }
    std::vector<Value> args;
    // Arguments are names, passed as texts; one written as a call is reported and passed as its
    // name.
    for (const jql::Value& a : v.args) {
      if (a.kind == jql::Value::Function) {
        sink_.report(DiagId::JqlBadValue, a.span, "an argument of " + std::string(l.name) + "() is a name, not a function");
      }
      args.push_back(Value::string(a.text));
    }
    e_.emit(Op::Const, v.span, 0, e_.constant(Value::string(l.name), v.span));
    e_.emit(Op::Const, v.span, 0, e_.constant(Value::list(std::move(args)), v.span));
    call(BuiltinId::JqlLookup, 2, v.span);
  }

  void literal(const jql::Value& v) {
    // A literal takes the type of the field it meets: JQL writes every value bare or quoted, and
    // only the field says whether "3" is a number or "-1d" a relative date.
    if (is_date_field()) {
      // A relative date is an offset from the time the filter runs; an absolute one is a constant
      // instant (a bare date is midnight UTC).
      if (auto offset = relative_offset(v.text)) {
        e_.emit(Op::Const, v.span, 0, e_.constant(Value::number(static_cast<double>(*offset)), v.span));
        call(BuiltinId::JqlNowPlus, 1, v.span);
        return;
      }
      if (auto ms = datetime::parse_datetime(v.text)) {
        e_.emit(Op::Const, v.span, 0, e_.constant(Value::datetime(*ms), v.span));
        return;
      }
      report_bad_date(v);
      e_.emit(Op::Null, v.span);
      return;
    }
    // For a number field a value that reads wholly as a number becomes one; the rest stay text.
    if (last_.type && last_.type->kind == TypeKind::Number) {
      try {
        size_t used = 0;
        const double d = std::stod(v.text, &used);
        if (used == v.text.size()) {
          e_.emit(Op::Const, v.span, 0, e_.constant(Value::number(d), v.span));
          return;
        }
      } catch (const std::exception&) {
      }
    }
    e_.emit(Op::Const, v.span, 0, e_.constant(Value::string(v.text), v.span));
  }

  void value(const jql::Value& v) {
    if (v.kind == jql::Value::Function) {
      function(v);
    } else {
      literal(v);
    }
  }

  void operand(const jql::Operand& o) {
    if (o.kind == jql::Operand::Single && o.values.size() == 1) {
      value(o.values[0]);
      return;
    }
    // A list of plain values is one constant, not a list built at every evaluation.
    // Its items stay texts even for a number field: $match compares a number with a text by its
    // display form. A date field's values are parsed one by one instead.
    const bool constant = !is_date_field() && std::all_of(o.values.begin(), o.values.end(), [](const jql::Value& v) {
      return v.kind == jql::Value::Literal;
    });
    if (constant) {
      std::vector<Value> items;
      for (const jql::Value& v : o.values) items.push_back(Value::string(v.text));
      e_.emit(Op::Const, o.span, 0, e_.constant(Value::list(std::move(items)), o.span));
      return;
    }
    for (const jql::Value& v : o.values) value(v);
    e_.emit(Op::MakeList, o.span, 0, static_cast<uint16_t>(o.values.size()));
  }

  // The operator a NOT turns this one into. Ordering with an empty field is false either way
  // (vmops::compare), so NOT a < x can be a >= x.
  static jql::Op inverse(jql::Op op) {
    switch (op) {
      case jql::Op::Eq: return jql::Op::Ne;
      case jql::Op::Ne: return jql::Op::Eq;
      case jql::Op::In: return jql::Op::NotIn;
      case jql::Op::NotIn: return jql::Op::In;
      case jql::Op::Contains: return jql::Op::NotContains;
      case jql::Op::NotContains: return jql::Op::Contains;
      case jql::Op::Lt: return jql::Op::Ge;
      case jql::Op::Ge: return jql::Op::Lt;
      case jql::Op::Le: return jql::Op::Gt;
      case jql::Op::Gt: return jql::Op::Le;
    }
    return op;
  }

  // `op` is the clause's operator after any NOT above it (see clause()); diagnostics name the
  // operator as written.
  void compare(const Clause& c, jql::Op op) {
    if (c.operand.kind == jql::Operand::Empty) {
      // `= EMPTY` and `!= EMPTY` are IS EMPTY and IS NOT EMPTY.
      field(c.field);
      call(BuiltinId::JqlEmpty, 1, c.span);
      if (op != jql::Op::Eq && op != jql::Op::In) e_.emit(Op::Not, c.span);
      return;
    }
    const bool known = field(c.field);
    const bool priority = known && last_.priority;
    check_operator(c);
    switch (op) {
      // $match is Jira's =: case-insensitive text, any item of a list field, any identity of a user;
      // IN passes a list and matches any of it.
      case jql::Op::Eq:
      case jql::Op::In:
        operand(c.operand);
        call(BuiltinId::JqlMatch, 2, c.span);
        return;
      case jql::Op::Ne:
      case jql::Op::NotIn:
        // Jira: "The != operator will not match a field that has no value."
        operand(c.operand);
        call(BuiltinId::JqlDiffers, 2, c.span);
        return;
      // ~ is a word search ($contains); !~ is its plain negation, so it does match empty fields.
      case jql::Op::Contains:
      case jql::Op::NotContains:
        operand(c.operand);
        call(BuiltinId::JqlContains, 2, c.span);
        if (op == jql::Op::NotContains) e_.emit(Op::Not, c.span);
        return;
      default: break;
    }
    if (c.operand.kind == jql::Operand::List) {
      sink_.report(DiagId::JqlBadOperator, c.operand.span, std::string("`") + jql::op_text(c.op) + "` compares with one value, not a list");
    }
    if (priority) {
      // Priorities order by rank; a known name's rank is a constant.
      // A name outside Jira's default schemes has no rank ($rank gives null), and the comparison
      // is then false.
      call(BuiltinId::JqlRank, 1, c.field.span);
      const jql::Value* v = c.operand.values.empty() ? nullptr : &c.operand.values[0];
      std::optional<int> rank;
      if (v && v->kind == jql::Value::Literal) rank = jql::priority_rank(v->text);
      if (rank) {
        e_.emit(Op::Const, c.operand.span, 0, e_.constant(Value::number(*rank), c.operand.span));
      } else {
        operand(c.operand);
        call(BuiltinId::JqlRank, 1, c.operand.span);
      }
    } else {
      operand(c.operand);
    }
    // The VM's own ordering: numbers, texts, dates; anything else (null) is false.
    static constexpr Op kOps[] = {Op::Lt, Op::Le, Op::Gt, Op::Ge};
    e_.emit(kOps[static_cast<int>(op) - static_cast<int>(jql::Op::Lt)], c.span);
  }

  // Jira's own rules: text fields are searched with ~ only; IN takes a list.
  void check_operator(const Clause& c) {
    const bool text_field = last_.kind == FieldRef::Text ||
                            (last_.kind == FieldRef::Slot && (last_.slot == slot(IssueSlot::Summary) ||
                                                             last_.slot == slot(IssueSlot::Description) ||
                                                             last_.slot == slot(IssueSlot::Environment) ||
                                                             last_.slot == slot(IssueSlot::Comments)));
    const bool contains = c.op == jql::Op::Contains || c.op == jql::Op::NotContains;
    if (text_field && !contains) {
      sink_.report(DiagId::JqlBadOperator, c.span,
                   std::string("The operator `") + jql::op_text(c.op) + "` is not supported by the `" + c.field.name + "` field")
          .help = "search text with ~ (contains) or !~, e.g. " + c.field.name + " ~ \"crash\"";
    }
    const bool in = c.op == jql::Op::In || c.op == jql::Op::NotIn;
    if (in && c.operand.kind == jql::Operand::Single && !c.operand.values.empty() &&
        c.operand.values[0].kind == jql::Value::Literal) {
      sink_.report(DiagId::JqlBadOperator, c.operand.span, std::string("`") + jql::op_text(c.op) + "` needs a list")
          .help = "write the values in parentheses: " + c.field.name + " in (" + c.operand.values[0].text + ")";
    }
  }

  Emitter& e_;
  const Schema& schema_;
  DiagnosticSink& sink_;
  JqlFallback fallback_;
  FieldRef last_;  // the field of the clause being compiled
};

}  // namespace

void compile_jql(const jql::Query& query, const Schema& schema, Program& program, Chunk& chunk, DiagnosticSink& sink,
                 JqlFallback fallback) {
  Emitter e(program, chunk, sink);
  // A query without a WHERE part (empty, or ORDER BY only) matches every issue.
  if (query.where) {
    JqlGen(e, schema, sink, fallback).clause(*query.where);
  } else {
    e.emit(Op::True, query.span);
  }
  e.emit(Op::ReturnValue, query.span);
  e.finish();
}

std::vector<std::string> jql_field_names() { return jql::standard_field_names(); }

}  // namespace twinsync
