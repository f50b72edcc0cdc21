// Torn and damaged journals (issue 13, item 3): what a power cut or a bad
// disk leaves of journal.jsonl, read back and recovered from. A real
// journal (JournalFile) of a real apply loop over real files in a sandbox
// (path_snapshot saves and restores them) is cut at every byte offset of its
// last record, and a byte is flipped at every offset of it: each time the
// rollback finishes with the sandbox as it was, or the journal is refused
// (then nothing is touched); never a crash, never a half restore. The CLI's
// refusal text is tested on the real CLI: tests/cli/apply_torn_test.sh.
#include <doctest/doctest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "backends/file_io.h"
#include "backends/journal_file.h"
#include "backends/path_snapshot.h"
#include "compiler/applier.h"
#include "compiler/clawform_dir.h"
#include "compiler/crc32.h"
#include "compiler/journal.h"
#include "tests/support/temp_dir.h"

namespace clawform::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kSteps = 4;

Plan plan_of(int steps) {
  Plan plan;
  for (int k = 1; k <= steps; ++k) {
    Step s;
    s.index = k;
    s.address = "project.acme.file" + std::to_string(k);
    s.project = "acme";
    s.action = Action::Update;
    plan.steps.push_back(s);
  }
  return plan;
}

// Step k rewrites <root>/file<k> (and creates <root>/new/<k>, absent
// before), saving both first through the real path_snapshot.
class FilesExecutor : public StepExecutor {
 public:
  explicit FilesExecutor(std::string root) : root_(std::move(root)) {}
  std::string saved(const Step& step) const { return ClawformDir{root_ + "/.clawform"}.saved(step.index); }
  std::string file(const Step& step) const { return root_ + "/file" + std::to_string(step.index); }
  std::string fresh(const Step& step) const { return root_ + "/new/" + std::to_string(step.index); }

  Result<nlohmann::json> save(const Step& step) override {
    return save_paths({{file(step), false}, {fresh(step), false}}, root_, saved(step));
  }
  Result<std::string> run(const Step& step) override {
    if (Status made = make_dirs(root_ + "/new", 0755); !made) return made;
    if (Status w = write_file_atomic(file(step), "changed by step " + std::to_string(step.index), 0600); !w) return w;
    if (Status w = write_file_atomic(fresh(step), "made by step", 0644); !w) return w;
    return std::string();
  }
  Status undo(const Step& step, const nlohmann::json& record) override { return restore_paths(record, saved(step)); }
  Result<std::string> verify_undone(const Step& step, const nlohmann::json& record) override {
    if (Status same = verify_paths(record, saved(step)); !same) return same;
    return std::string();
  }
  Result<std::string> finish_rollback() override { return std::string(); }

 private:
  std::string root_;
};

struct Crash {};

// Every regular file under `dir` (but .clawform/) with its mode and bytes.
std::map<std::string, std::string> tree_of(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    const std::string rel = fs::relative(it->path(), dir).string();
    if (rel == ".clawform") {
      it.disable_recursion_pending();
      continue;
    }
    const auto perms = static_cast<unsigned>(fs::symlink_status(it->path()).permissions());
    out[rel] = std::to_string(perms) + (it->is_regular_file() ? " " + *read_file(it->path().string()) : " dir");
  }
  return out;
}

// A sandbox where an apply of kSteps steps was killed while step 3 ran:
// steps 1 and 2 done, 3 prepared and run, its "done" never written.
// Memory-backed when the host has /dev/shm: a hundred recoveries of a few
// fsyncs each take seconds there, not half a minute on a busy disk.
std::string scratch_base() {
  std::error_code ec;
  return fs::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "";
}

struct Killed {
  TempDir dir{scratch_base()};
  std::string root = dir.path("root");
  std::string clawform_dir = root + "/.clawform";
  std::string pristine = dir.path("killed");  // the sandbox as the crash left it
  std::map<std::string, std::string> before;  // the root before the apply
  std::string journal;                        // journal.jsonl as the crash left it
  std::size_t last_record = 0;                // where its last record starts

  Killed() {
    fs::create_directories(root);
    for (int k = 1; k <= kSteps; ++k)
      REQUIRE(write_file_atomic(root + "/file" + std::to_string(k), "as it was " + std::to_string(k), 0640));
    before = tree_of(root);
    Result<JournalFile> file = JournalFile::create(clawform_dir, "{\"plan\":\"bytes\"}");
    REQUIRE(file.is_ok());
    REQUIRE(file->append({{"event", "begin"}, {"plan_sha256", "ab12"}, {"steps", kSteps}, {"pid", 4242},
                          {"host", "mini"}, {"started", "2026-11-30T10:00:00Z"},
                          {"ready_before", {{"acme", {"telegram"}}}}}));
    JournalState state;
    state.total_steps = kSteps;
    FilesExecutor executor(root);
    ApplyOptions options;
    options.fault = Fault{3, Fault::Kind::Kill};
    options.kill_self = [] { throw Crash{}; };
    CHECK_THROWS_AS(apply_steps(plan_of(kSteps), executor, *file, state, options), Crash);
    journal = *read_file(journal_paths(clawform_dir).records);
    REQUIRE(journal.ends_with("\n"));
    last_record = journal.rfind('\n', journal.size() - 2) + 1;
    fs::copy(root, pristine, fs::copy_options::recursive);
  }

  // The sandbox as the crash left it, with `text` as its journal.
  void reset(std::string_view text) {
    fs::remove_all(root);
    fs::copy(pristine, root, fs::copy_options::recursive);
    REQUIRE(write_file_atomic(journal_paths(clawform_dir).records, text, 0600));
  }
};

// What recover does with the journal it finds (backends/apply_session.cc:
// read, open after the intact records, roll back), without the plan file.
Result<ApplyReport> recover(const Killed& k) {
  Result<std::string> text = read_file(journal_paths(k.clawform_dir).records);
  REQUIRE(text.is_ok());
  Result<JournalState> state = read_journal(*text);
  if (!state) return state.status();
  Result<JournalFile> file = JournalFile::open(k.clawform_dir, *state);
  REQUIRE_MESSAGE(file.is_ok(), file.message());
  FilesExecutor executor(k.root);
  return roll_back(plan_of(kSteps), executor, *file, std::move(*state), {});
}

bool same_fold(const JournalState& a, const JournalState& b) {
  if (a.plan_sha256 != b.plan_sha256 || a.total_steps != b.total_steps || a.pid != b.pid || a.host != b.host ||
      a.started != b.started || a.ready_before != b.ready_before || a.outcome != b.outcome ||
      a.steps.size() != b.steps.size())
    return false;
  for (const auto& [k, step] : a.steps) {
    auto it = b.steps.find(k);
    if (it == b.steps.end() || it->second.prepared != step.prepared || it->second.done != step.done ||
        it->second.undone != step.undone || it->second.undo != step.undo || it->second.error != step.error)
      return false;
  }
  return true;
}

TEST_CASE("torn journal: CRC-32 is zlib's") {
  CHECK(crc32("123456789") == 0xCBF43926u);
  CHECK(crc32("") == 0u);
  CHECK(journal_line({{"event", "end"}, {"outcome", "applied"}}) ==
        "{\"event\":\"end\",\"outcome\":\"applied\",\"crc32\":\"" +
            fmt::format("{:08x}", crc32(R"({"event":"end","outcome":"applied"})")) + "\"}\n");
}

TEST_CASE("torn journal: cut at every byte offset of its last record, recover rolls back to the host as it was") {
  Killed k;
  Result<JournalState> whole = read_journal(k.journal);
  REQUIRE(whole.is_ok());
  CHECK(whole->checksummed);
  CHECK(whole->to_undo() == std::vector<int>{3, 2, 1});
  int torn = 0;
  for (std::size_t cut = k.last_record; cut <= k.journal.size(); ++cut) {
    CAPTURE(cut);
    k.reset(k.journal.substr(0, cut));
    Result<ApplyReport> report = recover(k);
    REQUIRE_MESSAGE(report.is_ok(), report.message());
    CHECK(report->outcome == ApplyOutcome::RolledBack);
    // The last record is step 3's "prepared": while it is torn, step 3 never
    // ran as far as the journal knows, and its changes are not undone. So
    // the sandbox matches once the record is whole (a crash mid-append
    // cannot leave step 3 run: it runs after the append returned).
    const bool whole_record = cut >= k.journal.size() - 1;
    CHECK(report->undone == (whole_record ? std::vector<int>{3, 2, 1} : std::vector<int>{2, 1}));
    if (whole_record) CHECK(tree_of(k.root) == k.before);
    torn += whole_record ? 0 : 1;
    // What recover appended follows whole records: the journal reads back, ended.
    Result<JournalState> after = read_journal(*read_file(journal_paths(k.clawform_dir).records));
    REQUIRE_MESSAGE(after.is_ok(), after.message());
    CHECK_FALSE(after->torn_tail);
    CHECK(after->outcome == "rolled_back");
    CHECK(after->to_undo().empty());
  }
  CHECK(torn == static_cast<int>(k.journal.size() - k.last_record) - 1);
}

TEST_CASE("torn journal: a crash mid-append while step 3 was prepared leaves steps 1 and 2 to undo, exactly") {
  // As the apply loop writes it: step 3 runs only once "prepared" is whole.
  // So the cut journal's rollback undoes 2 and 1 and the sandbox, whose
  // step 3 never ran, is as it was.
  Killed k;
  fs::remove_all(k.root);
  fs::copy(k.pristine, k.root, fs::copy_options::recursive);
  // Step 3 never ran: put its files back as they were before it.
  REQUIRE(write_file_atomic(k.root + "/file3", "as it was 3", 0640));
  fs::remove(k.root + "/new/3");
  const std::string without_step3 = k.journal.substr(0, k.last_record);
  for (std::size_t cut = k.last_record; cut + 1 < k.journal.size(); ++cut) {
    CAPTURE(cut);
    fs::remove_all(k.dir.path("copy"));
    fs::copy(k.root, k.dir.path("copy"), fs::copy_options::recursive);
    REQUIRE(write_file_atomic(journal_paths(k.clawform_dir).records, k.journal.substr(0, cut), 0600));
    Result<ApplyReport> report = recover(k);
    REQUIRE_MESSAGE(report.is_ok(), report.message());
    CHECK(report->undone == std::vector<int>{2, 1});
    CHECK(tree_of(k.root) == k.before);
    fs::remove_all(k.root);
    fs::rename(k.dir.path("copy"), k.root);
  }
  CHECK(without_step3.ends_with("\n"));
}

TEST_CASE("torn journal: a flipped byte anywhere is refused, or reads as the journal it was") {
  Killed k;
  Result<JournalState> original = read_journal(k.journal);
  REQUIRE(original.is_ok());
  int refused = 0, same = 0;
  for (std::size_t at = 0; at < k.journal.size(); ++at) {
    for (unsigned char flip : {0x01, 0x20, 0x80}) {
      CAPTURE(at);
      CAPTURE(static_cast<int>(flip));
      std::string damaged = k.journal;
      damaged[at] = static_cast<char>(damaged[at] ^ flip);
      Result<JournalState> read = read_journal(damaged);
      if (!read) {
        ++refused;
        CHECK(read.message().starts_with("journal line "));
        continue;
      }
      // Only a flip inside the begin record's checksum member itself leaves
      // the records intact (the journal then reads as one without
      // checksums): what is read is the journal as written.
      ++same;
      CHECK(same_fold(*read, *original));
      CHECK_FALSE(read->torn_tail);
    }
  }
  CHECK(refused > 0);
  MESSAGE(refused << " flips refused, " << same << " read as the original");

  SUBCASE("a refused journal changes nothing: the sandbox and its saved copies stay as the crash left them") {
    std::string damaged = k.journal;
    damaged[k.last_record + 5] = static_cast<char>(damaged[k.last_record + 5] ^ 0x01);
    k.reset(damaged);
    const auto killed_tree = tree_of(k.root);
    const auto saved_tree = tree_of(k.clawform_dir + "/journal");
    Result<ApplyReport> report = recover(k);
    REQUIRE_FALSE(report.is_ok());
    CHECK(report.message() == "journal line 6 does not match its checksum: it changed after it was written");
    CHECK(tree_of(k.root) == killed_tree);
    CHECK(tree_of(k.clawform_dir + "/journal") == saved_tree);
  }
}

TEST_CASE("torn journal: the last newline flipped is damage, not a torn line to ignore") {
  Killed k;
  std::string damaged = k.journal;
  damaged.back() = 'x';
  Result<JournalState> read = read_journal(damaged);
  REQUIRE_FALSE(read.is_ok());
  CHECK(read.message() == "journal line 6 does not end with its checksum: it was damaged");
}

TEST_CASE("torn journal: records out of order are refused naming the line") {
  auto line = [](nlohmann::json r) { return journal_line(r); };
  const std::string begin = line({{"event", "begin"}, {"plan_sha256", "ab"}, {"steps", 2}});
  CHECK(read_journal(line({{"event", "done"}, {"step", 1}})).message() ==
        "journal line 1 is \"done\"; a journal starts with \"begin\"");
  CHECK(read_journal(begin + begin).message() == "journal line 2 is a second \"begin\"");
  CHECK(read_journal(begin + line({{"event", "prepared"}, {"step", 3}, {"undo", {}}})).message() ==
        "journal line 2 names step 3; the plan has steps 1 to 2");
  CHECK(read_journal(begin + line({{"event", "done"}, {"step", 1}})).message() ==
        "journal line 2 says step 1 is done but it was never prepared");
  CHECK(read_journal(begin + "{\"event\":\"end\",\"outcome\":\"applied\"}\n").message() ==
        "journal line 2 has no checksum, unlike the records before it: it was damaged or written by hand");
}

TEST_CASE("torn journal: an older clawform's journal (no checksums) is still read, its torn tail too") {
  const std::string old = R"({"event":"begin","plan_sha256":"ab","steps":2})" "\n"
                          R"({"event":"prepared","step":1,"undo":{"was":1}})" "\n";
  for (std::size_t cut = 0; cut <= old.size(); ++cut) {
    CAPTURE(cut);
    Result<JournalState> read = read_journal(std::string_view(old).substr(0, cut));
    REQUIRE_MESSAGE(read.is_ok(), read.message());
    CHECK_FALSE(read->checksummed);
  }
  Result<JournalState> read = read_journal(old);
  REQUIRE(read.is_ok());
  CHECK(read->to_undo() == std::vector<int>{1});
  CHECK(read->intact_bytes == old.size());
}

TEST_CASE("torn journal: an append that cannot be written whole is cut off again, so the next one follows whole "
          "records") {
  TempDir dir;
  const std::string clawform_dir = dir.path(".clawform");
  Result<JournalFile> file = JournalFile::create(clawform_dir, "{}");
  REQUIRE(file.is_ok());
  REQUIRE(file->append({{"event", "begin"}, {"plan_sha256", "ab"}, {"steps", 1}}));
  const std::string path = journal_paths(clawform_dir).records;
  const auto size = fs::file_size(path);
  // A write that stops half-way, as on a full disk: the file size limit
  // (EFBIG instead of ENOSPC; SIGXFSZ ignored) lets 10 more bytes in.
  struct rlimit old {};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old;
  small.rlim_cur = size + 10;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  Status failed = file->append({{"event", "prepared"}, {"step", 1}, {"undo", {{"paths", nlohmann::json::array()}}}});
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &old) == 0);
  std::signal(SIGXFSZ, old_handler);
  REQUIRE_FALSE(failed.is_ok());
  CHECK(failed.message() == path + ": write: File too large");
  CHECK(fs::file_size(path) == size);
  REQUIRE(file->append({{"event", "end"}, {"outcome", "rolled_back"}}));
  Result<JournalState> read = read_journal(*read_file(path));
  REQUIRE_MESSAGE(read.is_ok(), read.message());
  CHECK(read->outcome == "rolled_back");
  CHECK(read->steps.empty());
}

}  // namespace
}  // namespace clawform::testing
