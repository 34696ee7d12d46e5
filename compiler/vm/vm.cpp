// vm.cpp — the dispatch loop. Operands were checked when the program was generated or loaded
// (bytecode/verify), so the loop trusts slot, constant and jump numbers.
#include "compiler/vm/vm.h"

#include <cmath>

#include "compiler/schema/shapes.h"
#include "compiler/vm/datetime.h"
#include "compiler/vm/vm_ops.h"

namespace twinsync {

std::string to_display_text(const Value& v) {
  switch (v.tag()) {
    case Tag::Null: return "";
    case Tag::String: return std::string(v.as_string());
    case Tag::Bool: return v.as_bool() ? "true" : "false";
    case Tag::Number: {
      const double d = v.as_number();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
      return v.debug();
    }
    case Tag::Date: return datetime::format_date(v.as_date());
    case Tag::DateTime: return datetime::format_datetime(v.as_datetime());
    case Tag::List: {
      std::string s;
      for (const Value& item : v.as_list()) s += (s.empty() ? "" : ", ") + to_display_text(item);
      return s;
    }
    case Tag::Record:
      if (&v.shape() == &user_shape()) {
        // A user shows as the first identity it carries.
        for (UserSlot s : {UserSlot::DisplayName, UserSlot::Email, UserSlot::Username, UserSlot::AccountId}) {
          if (v.field(slot(s)).is_string()) return std::string(v.field(slot(s)).as_string());
        }
      }
      return v.debug();
    case Tag::Map: return v.debug();
  }
  return "";
}

const Vm::Prepared& Vm::prepare(const Program& program) {
  // Most recent first: a thread switches between a few programs, and the search is linear.
  for (size_t i = 0; i < prepared_.size(); ++i) {
    if (prepared_[i].program_id == program.id) {
      if (i != 0) std::swap(prepared_[0], prepared_[i]);
      return prepared_[0];
    }
  }
  Prepared p;
  p.program_id = program.id;
  // Deep copies: pushing a constant retains it, and counts are not atomic, so the Program that
  // other threads read must never see this thread's increments.
  for (const Value& v : program.constants) p.constants.push_back(v.deep_clone());
  for (const MapTable& m : program.maps) {
    auto& out = p.out.emplace_back();
    auto& in = p.in.emplace_back();
    // Keys hash and compare with their tag (ValueHash, operator==): the text "1" does not find 1.
    for (const auto& [k, v] : m.out) out.emplace(k.deep_clone(), v.deep_clone());  // emplace: first entry wins
    for (const auto& [k, v] : m.in) in.emplace(k.deep_clone(), v.deep_clone());
  }
  constexpr size_t kKeep = 8;  // programs a node runs side by side (connections, trigger filters)
  if (prepared_.size() >= kKeep) prepared_.pop_back();
  prepared_.insert(prepared_.begin(), std::move(p));
  return prepared_[0];
}

namespace {

// What the compiler always emits, checked where a hand-made file could break it: the verifier
// proves stack depths and operand ranges, not what a local holds or whether a block has an
// output. One tag test per iteration or store, against a crash on a crafted file.
constexpr const char* kNoFilter = "invalid bytecode: a filter step without its filter";
constexpr const char* kNoOutput = "invalid bytecode: a store in a block without an output";

// The filter's four locals as iter.begin left them: the list, an index within it (at its end
// only where the step allows it), and the kept items (null or a list).
bool filter_state_ok(const Value* f, bool needs_item) {
  if (!f[0].is_list() || !f[1].is_number() || !(f[2].is_null() || f[2].is_list())) return false;
  const double i = f[1].as_number();
  const double n = static_cast<double>(f[0].as_list().size());
  return i >= 0 && (needs_item ? i < n : i <= n) && i == static_cast<double>(static_cast<size_t>(i));
}

}  // namespace

RunOutcome Vm::run(const Program& program, const Chunk& chunk, RunFrame& frame, HostContext& host) {
  const Prepared& prepared = prepare(program);
  // The verifier proved the stack never grows past max_stack, so the loop checks no bounds.
  if (stack_.size() < chunk.max_stack + 1) stack_.resize(chunk.max_stack + 1);
  if (locals_.size() < chunk.locals) locals_.resize(chunk.locals);
  Value* const base = stack_.data();
  Value* sp = base;  // next free slot
  Value* const locals = locals_.data();
  const Instr* const code = chunk.code.data();
  const Value* const constants = prepared.constants.data();
  // Roots are used in place: load.root shares a record (its count rises) and never copies it.
  Value* roots[4] = {&frame.issue, &frame.replica, &frame.previous, &frame.output};
  RunOutcome outcome;
  size_t pc = 0;
  std::string error;

  // Leaves no value behind on the stack or in locals: they may hold the only reference to
  // large lists, and the next run must start clean.
  auto finish = [&](RunOutcome::Kind kind) {
    while (sp > base) (--sp)->~Value(), new (sp) Value();
    for (uint32_t i = 0; i < chunk.locals; ++i) locals[i] = Value();
    outcome.kind = kind;
    return outcome;
  };
  auto fail = [&](std::string message) {
    outcome.message = std::move(message);
    outcome.span = chunk.spans[pc];
    return finish(RunOutcome::Failed);
  };
#define PUSH(v) (*sp++ = (v))
#define TOP (sp[-1])

  // Every slot at or above sp holds null: a pop resets its slot at once, or moves out of it,
  // which leaves null. So a PUSH assigns into an empty slot, and no stale reference keeps a
  // value alive or holds a count above one that would make the next copy-on-write copy.
  for (;; ++pc) {
    const Instr in = code[pc];
    switch (in.op) {
      case Op::Const: PUSH(constants[in.b]); break;
      case Op::Null: PUSH(Value()); break;
      case Op::True: PUSH(Value::boolean(true)); break;
      case Op::False: PUSH(Value::boolean(false)); break;
      case Op::Pop: --sp, *sp = Value(); break;
      case Op::Dup: *sp = sp[-1], ++sp; break;
      case Op::LoadLocal: PUSH(locals[in.b]); break;
      case Op::StoreLocal: locals[in.b] = std::move(*--sp); break;
      case Op::FirstSync: PUSH(Value::boolean(frame.first_sync)); break;
      case Op::LoadRoot: PUSH(*roots[in.a]); break;
      case Op::LoadField: {
        const Value& root = *roots[in.a];
        // An absent root (previous on a first sync) has null fields rather than failing, so
        // `previous.status` needs no `?.`.
        if (root.is_record()) {
          PUSH(root.field(in.b));
        } else {
          PUSH(Value());
        }
        break;
      }
      case Op::GetField:
      case Op::GetFieldSafe: {
        Value& r = TOP;
        if (r.is_null()) {
          if (in.op == Op::GetFieldSafe) break;
          return fail("a field is read from a null value; use `?.` where it may be missing");
        }
        if (!r.is_record() || in.b >= r.shape().size()) return fail(std::string("no such field on a ") + tag_name(r.tag()));
        // Copy the field out before assigning: r may hold the record's last reference, and assigning
        // the slot straight into r would free the record while the slot is still being read.
        r = Value(r.field(in.b));
        break;
      }
      case Op::GetCustom: {
        Value& r = TOP;
        // Each step copies before it overwrites r, as get.field does; no custom map, or no entry of
        // that name, gives null.
        r = r.is_record() ? Value(r.field(slot(IssueSlot::Custom))) : Value();
        if (r.is_map()) r = Value(r.map_get(constants[in.b].as_string()));
        else r = Value();
        break;
      }
      case Op::GetNamed: {
        Value& r = TOP;
        const std::string_view name = constants[in.b].as_string();
        if (r.is_map()) {
          r = Value(r.map_get(name));
        } else if (r.is_record()) {
          auto s = r.shape().find(name);
          r = s ? Value(r.field(*s)) : Value();
        } else {
          r = Value();
        }
        break;
      }
      // Writes go to frame.output. set_field copies the record first if anything else shares it
      // (the caller, a local or a slot that loaded it), and those keep the version they saw.
      case Op::StoreField:
        if (!frame.output.is_record()) return fail(kNoOutput);
        frame.output.set_field(in.b, std::move(*--sp));
        break;
      case Op::StoreCustom: {
        if (!frame.output.is_record()) return fail(kNoOutput);
        // The custom map is taken out, updated and put back; while both this copy and the record's
        // slot hold it, map_set copies it first.
        Value custom = frame.output.field(slot(IssueSlot::Custom));
        if (!custom.is_map()) custom = Value::map({});
        custom.map_set(constants[in.b].as_string(), std::move(*--sp));
        frame.output.set_field(slot(IssueSlot::Custom), std::move(custom));
        break;
      }
      case Op::CopyField: {
        if (!frame.output.is_record()) return fail(kNoOutput);
        // set_field's argument is copied from the field before the output may be copied, so the
        // source may be the output record itself.
        const Value& root = *roots[in.a];
        frame.output.set_field(static_cast<uint32_t>(in.c), root.is_record() ? root.field(in.b) : Value());
        break;
      }
      case Op::Add: {
        Value r;
        if (!vmops::add(sp[-2], sp[-1], r, error)) return fail(error);
        --sp, *sp = Value();
        TOP = std::move(r);
        break;
      }
      case Op::Sub:
      case Op::Mul:
      case Op::Div:
      case Op::Mod: {
        static constexpr char kOps[] = {'-', '*', '/', '%'};
        Value r;
        const int op = kOps[static_cast<int>(in.op) - static_cast<int>(Op::Sub)];
        if (!vmops::arith(op, sp[-2], sp[-1], r, error)) return fail(error);
        --sp, *sp = Value();
        TOP = std::move(r);
        break;
      }
      // Null stays null, as in arithmetic.
      case Op::Neg:
        if (TOP.is_number()) {
          TOP = Value::number(-TOP.as_number());
        } else if (!TOP.is_null()) {
          return fail("`-` needs a number");
        }
        break;
      // Only true is true, so `not null` is true.
      case Op::Not: TOP = Value::boolean(!TOP.truthy()); break;
      // Deep equality; values of different tags are never equal, so a date never equals a datetime.
      case Op::Eq:
      case Op::Ne: {
        const bool eq = sp[-2] == sp[-1];
        --sp, *sp = Value();
        TOP = Value::boolean(in.op == Op::Eq ? eq : !eq);
        break;
      }
      // Values that are not ordered (null, NaN, a number and a text …) give false for all four.
      case Op::Lt:
      case Op::Le:
      case Op::Gt:
      case Op::Ge: {
        const auto c = vmops::compare(sp[-2], sp[-1]);
        bool r = false;
        if (c) {
          r = in.op == Op::Lt ? *c < 0 : in.op == Op::Le ? *c <= 0 : in.op == Op::Gt ? *c > 0 : *c >= 0;
        }
        --sp, *sp = Value();
        TOP = Value::boolean(r);
        break;
      }
      case Op::In: {
        const bool r = vmops::contains(sp[-1], sp[-2]);
        --sp, *sp = Value();
        TOP = Value::boolean(r);
        break;
      }
      case Op::Index: {
        Value r = vmops::index(sp[-2], sp[-1]);
        --sp, *sp = Value();
        TOP = std::move(r);
        break;
      }
      // The items are moved off the stack, not copied: no count changes.
      case Op::MakeList: {
        std::vector<Value> items(std::make_move_iterator(sp - in.b), std::make_move_iterator(sp));
        for (uint32_t i = 0; i < in.b; ++i) *--sp = Value();
        PUSH(Value::list(std::move(items)));
        break;
      }
      case Op::Concat: {
        std::string s;
        for (Value* p = sp - in.b; p < sp; ++p) {
          if (p->is_string()) {
            s += p->as_string();  // the usual part: no temporary copy
          } else {
            s += to_display_text(*p);
          }
        }
        for (uint32_t i = 0; i < in.b; ++i) *--sp = Value();
        PUSH(Value::string(s));
        break;
      }
      // The tables are this thread's clones (prepare), so sharing their values is safe.
      case Op::MapGet: {
        const auto& index = in.a == 0 ? prepared.out[in.b] : prepared.in[in.b];
        auto it = index.find(TOP);
        TOP = it == index.end() ? Value() : it->second;
        break;
      }
      case Op::Call: {
        // Natives read their arguments in place on the stack, borrowed; the slots are cleared only
        // after the call returns.
        NativeCall call{host, sp - in.a, in.a, {}, {}};
        if (in.b >= natives_.size() || !natives_[in.b]) return fail("function is not available in this host");
        if (!natives_[in.b](call)) return fail(call.error);
        for (uint32_t i = 0; i < in.a; ++i) *--sp = Value();
        PUSH(std::move(call.result));
        break;
      }
      // Jumps set pc one short of the target, as the loop's ++pc follows.
      case Op::Jump: pc = static_cast<size_t>(in.c) - 1; break;
      case Op::JumpIfFalse:
      case Op::JumpIfTrue: {
        const bool t = (--sp)->truthy();
        *sp = Value();
        if (t == (in.op == Op::JumpIfTrue)) pc = static_cast<size_t>(in.c) - 1;
        break;
      }
      case Op::JumpIfFalseKeep:
      case Op::JumpIfTrueKeep:
        if (TOP.truthy() == (in.op == Op::JumpIfTrueKeep)) {
          pc = static_cast<size_t>(in.c) - 1;
        } else {
          --sp, *sp = Value();
        }
        break;
      case Op::JumpIfNotNull:
        if (!TOP.is_null()) {
          pc = static_cast<size_t>(in.c) - 1;
        } else {
          // The slot holds the null just tested, so it needs no reset.
          --sp;
        }
        break;
      // Safe navigation: the null stays on the stack as the value of the whole chain.
      case Op::JumpIfNull:
        if (TOP.is_null()) pc = static_cast<size_t>(in.c) - 1;
        break;
      case Op::IterBegin: {
        Value list = std::move(*--sp);
        if (list.is_null()) list = Value::list({});
        if (!list.is_list()) return fail(std::string("`where` needs a list, not ") + tag_name(list.tag()));
        // The filter's four locals: the list, the index (a number), the kept items (null while none
        // was dropped) and the current item, which iter.next sets.
        locals[in.b] = std::move(list);
        locals[in.b + 1] = Value::number(0);
        locals[in.b + 2] = Value();
        break;
      }
      case Op::IterNext: {
        if (!filter_state_ok(locals + in.b, false)) return fail(kNoFilter);
        const auto& items = locals[in.b].as_list();
        const auto i = static_cast<size_t>(locals[in.b + 1].as_number());
        if (i >= items.size()) {
          pc = static_cast<size_t>(in.c) - 1;
        } else {
          locals[in.b + 3] = items[i];
        }
        break;
      }
      case Op::FilterKeep: {
        if (!filter_state_ok(locals + in.b, true)) return fail(kNoFilter);
        const bool keep = (--sp)->truthy();
        *sp = Value();
        const auto& items = locals[in.b].as_list();
        const auto i = static_cast<size_t>(locals[in.b + 1].as_number());
        Value& kept = locals[in.b + 2];
        // No rule can name the kept list's slot, so it is never shared and list_push never copies.
        if (keep && !kept.is_null()) {
          kept.list_push(items[i]);
        } else if (!keep && kept.is_null()) {
          // First dropped item: from here on the result is a new list.
          kept = Value::list(std::vector<Value>(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(i)));
        }
        locals[in.b + 1] = Value::number(static_cast<double>(i + 1));
        break;
      }
      case Op::FilterEnd: {
        // Nothing dropped: the very same list, shared, with no allocation.
        PUSH(locals[in.b + 2].is_null() ? std::move(locals[in.b]) : std::move(locals[in.b + 2]));
        // The locals let go of the list and its items: the filter's result holds what it needs.
        locals[in.b] = Value();
        locals[in.b + 2] = Value();
        locals[in.b + 3] = Value();
        break;
      }
      case Op::Skip: return finish(RunOutcome::Skipped);
      case Op::Fail: {
        outcome.message = to_display_text(*--sp);
        *sp = Value();
        outcome.span = chunk.spans[pc];
        return finish(RunOutcome::Failed);
      }
      case Op::Return: return finish(RunOutcome::Done);
      case Op::ReturnValue:
        outcome.value = std::move(*--sp);
        return finish(RunOutcome::Done);
      case Op::Count: return fail("invalid instruction");
    }
  }
#undef PUSH
#undef TOP
}

}  // namespace twinsync
