#include "compiler/journal.h"

#include <cstdio>

#include <fmt/format.h>

#include "compiler/crc32.h"
#include "compiler/json_integer.h"

namespace clawform {

namespace {

// A line's checksum: `,"crc32":"` + 8 lower-case hex digits + `"}`.
constexpr std::string_view kMarker = ",\"crc32\":\"";
constexpr std::size_t kSuffix = kMarker.size() + 8 + 2;

bool is_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// Whether `line` ends with a checksum of the right shape.
bool has_checksum(std::string_view line) {
  if (line.size() <= kSuffix || !line.ends_with("\"}")) return false;
  const std::string_view suffix = line.substr(line.size() - kSuffix);
  if (!suffix.starts_with(kMarker)) return false;
  for (char c : suffix.substr(kMarker.size(), 8))
    if (!is_hex_digit(c)) return false;
  return true;
}

// Whether `line` holds a whole checksum somewhere: then it is not the
// prefix of a record that a crash mid-append leaves (the marker is only
// ever written as a record's last member), but a damaged line.
bool holds_whole_checksum(std::string_view line) {
  const std::size_t at = line.rfind(kMarker);
  return at != std::string_view::npos && line.size() - at >= kSuffix;
}

bool checksum_matches(std::string_view line) {
  std::string payload(line.substr(0, line.size() - kSuffix));
  payload += '}';
  unsigned stored = 0;
  const std::string digits(line.substr(line.size() - kSuffix + kMarker.size(), 8));
  if (std::sscanf(digits.c_str(), "%8x", &stored) != 1) return false;
  return crc32(payload) == stored;
}

bool is_record(const nlohmann::json& record) {
  return !record.is_discarded() && record.is_object() && record.contains("event");
}

// What one line of the journal is.
struct Line {
  enum class Kind { Record, Torn, Damaged };
  Kind kind = Kind::Damaged;
  nlohmann::json record;  // Record: without its checksum member
  bool checksummed = false;
  std::string why;  // Damaged: what is wrong, after "journal line N "
};

Line damaged(std::string why) {
  Line out;
  out.why = std::move(why);
  return out;
}

// `record` (parsed from a line) as the Line it makes.
Line as_record(nlohmann::json record, bool checksummed) {
  if (!is_record(record)) return damaged("is not a journal record");
  Line out;
  if (checksummed) record.erase("crc32");
  out.record = std::move(record);
  out.checksummed = checksummed;
  out.kind = Line::Kind::Record;
  return out;
}

Line decode(std::string_view line, bool terminated, bool checksums_required) {
  if (has_checksum(line)) {
    if (!checksum_matches(line)) return damaged("does not match its checksum: it changed after it was written");
    return as_record(nlohmann::json::parse(line, nullptr, false), /*checksummed=*/true);
  }
  if (holds_whole_checksum(line)) return damaged("does not end with its checksum: it was damaged");
  nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
  // A crash mid-append leaves an unterminated prefix of a line; a prefix
  // never holds the whole checksum (nor, without one, parses as an object).
  if (!terminated && (checksums_required || !is_record(parsed))) {
    Line torn;
    torn.kind = Line::Kind::Torn;
    return torn;
  }
  if (checksums_required)
    return damaged("has no checksum, unlike the records before it: it was damaged or written by hand");
  return as_record(std::move(parsed), /*checksummed=*/false);
}

// The order every journal keeps (JournalWriter and apply_session write it);
// an error, without "journal line N", when `record` breaks it.
Status check_order(const nlohmann::json& record, const std::string& event, bool first, const JournalState& state) {
  if (first != (event == "begin"))
    return Status::error(first ? fmt::format("is \"{}\"; a journal starts with \"begin\"", event)
                               : "is a second \"begin\"");
  if (event == "begin" || event == "end") return Status::ok();
  const int k = json_integer<int>(record.at("step"));
  // The rollback's restarts (finish_rollback) belong to no step.
  if (event == "child" && k == 0 && record.value("phase", "") == "finish") return Status::ok();
  if (k < 1 || k > state.total_steps)
    return Status::error(fmt::format("names step {}; the plan has steps 1 to {}", k, state.total_steps));
  auto it = state.steps.find(k);
  const bool prepared = it != state.steps.end() && it->second.prepared;
  if ((event == "done" || event == "undone") && !prepared)
    return Status::error(fmt::format("says step {} is {} but it was never prepared", k, event));
  return Status::ok();
}

}  // namespace

std::vector<int> JournalState::to_undo() const {
  std::vector<int> out;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it)
    if (it->second.prepared && !it->second.undone) out.push_back(it->first);
  return out;
}

bool JournalState::fold_step_record(const std::string& event, const nlohmann::json& record) {
  if (event != "prepared" && event != "done" && event != "failed" && event != "undone" && event != "undo_failed")
    return false;
  StepRecord& step = steps[json_integer<int>(record.at("step"))];
  if (event == "prepared") {
    step.prepared = true;
    step.undo = record.at("undo");
  } else if (event == "done") {
    step.done = true;
  } else if (event == "undone") {
    step.undone = true;
  } else {
    step.error = record.value("error", "");
  }
  return true;
}

int JournalState::first_not_done() const {
  for (int k = 1; k <= total_steps; ++k) {
    auto it = steps.find(k);
    if (it == steps.end() || !it->second.done) return k;
  }
  return 0;
}

bool JournalState::orphan_if_alive(const ChildRecord& child) const {
  if (!child.lasting) return true;
  auto step = steps.find(child.step);
  if (child.phase == "run") return step == steps.end() || !step->second.done;
  if (child.phase == "undo") return step == steps.end() || !step->second.undone;
  return !outcome.has_value();
}

std::string journal_line(const nlohmann::json& record) {
  std::string line = record.dump();
  if (!record.is_object() || record.empty()) return line + "\n";  // no record: nothing to check
  const std::uint32_t sum = crc32(line);
  line.pop_back();  // the closing brace, written again after the checksum
  return line + fmt::format("{}{:08x}\"}}\n", kMarker, sum);
}

Result<JournalState> read_journal(std::string_view text) {
  JournalState state;
  std::size_t line_no = 0;
  std::size_t offset = 0;
  bool seen_record = false;
  while (offset < text.size()) {
    const std::size_t eol = text.find('\n', offset);
    const bool terminated = eol != std::string_view::npos;
    const std::size_t end = terminated ? eol : text.size();
    const std::string_view line = text.substr(offset, end - offset);
    const std::size_t next = terminated ? eol + 1 : end;
    ++line_no;
    if (line.empty()) {
      offset = next;
      continue;
    }
    Line decoded = decode(line, terminated, state.checksummed);
    if (decoded.kind == Line::Kind::Torn) {
      state.torn_tail = true;
      break;
    }
    if (decoded.kind == Line::Kind::Damaged)
      return Status::error(fmt::format("journal line {} {}", line_no, decoded.why));
    const nlohmann::json& record = decoded.record;
    try {
      const std::string event = record.at("event").get<std::string>();
      if (Status ordered = check_order(record, event, !seen_record, state); !ordered)
        return Status::error(fmt::format("journal line {} {}", line_no, ordered.message()));
      if (!seen_record) state.checksummed = decoded.checksummed;
      seen_record = true;
      offset = next;
      state.intact_bytes = next;
      if (event == "begin") {
        state.plan_sha256 = record.at("plan_sha256").get<std::string>();
        state.total_steps = json_integer<int>(record.at("steps"));
        state.pid = record.contains("pid") ? json_integer<long>(record.at("pid")) : 0L;
        state.host = record.value("host", "");
        state.started = record.value("started", "");
        if (record.contains("ready_before"))
          state.ready_before = record.at("ready_before").get<std::map<std::string, std::vector<std::string>>>();
        continue;
      }
      if (event == "end") {
        state.outcome = record.at("outcome").get<std::string>();
        continue;
      }
      if (event == "child") {
        JournalState::ChildRecord child;
        child.step = json_integer<int>(record.at("step"));
        child.phase = record.at("phase").get<std::string>();
        child.process.pid = json_integer<long>(record.at("pid"));
        child.process.pgid = json_integer<long>(record.at("pgid"));
        child.process.start_time = json_integer<unsigned long long>(record.at("start_time"));
        child.process.mark = record.value("mark", "");
        child.program = record.value("program", "");
        child.lasting = record.value("lasting", false);
        state.children.push_back(std::move(child));
        continue;
      }
      if (!state.fold_step_record(event, record))
        return Status::error(fmt::format("journal line {}: unknown event \"{}\"", line_no, event));
    } catch (const nlohmann::json::exception& e) {
      return Status::error(fmt::format("journal line {}: {}", line_no, e.what()));
    }
  }
  return state;
}

}  // namespace clawform
