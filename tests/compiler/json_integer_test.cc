// Integers in a saved plan or a journal that are floats or out of range are
// refused with the reader's message, not converted (which was undefined
// behaviour: found by fuzz/journal_fuzz.cc; the inputs are in fuzz/corpus/).
#include <doctest/doctest.h>

#include <string>

#include "compiler/journal.h"
#include "compiler/json_integer.h"
#include "compiler/plan_file.h"

namespace clawform {
namespace {

TEST_CASE("json_integer: integers that fit, nothing else") {
  CHECK(json_integer<int>(nlohmann::json(18789)) == 18789);
  CHECK(json_integer<int>(nlohmann::json(-3)) == -3);
  CHECK(json_integer<unsigned>(nlohmann::json(0600u)) == 0600u);
  CHECK(json_integer<long>(nlohmann::json::parse("9007199254740993")) == 9007199254740993L);
  CHECK_THROWS_WITH(json_integer<int>(nlohmann::json(1e99)),
                    "[json.exception.type_error.302] type must be an integer, but is number");
  CHECK_THROWS_WITH(json_integer<int>(nlohmann::json("7")),
                    "[json.exception.type_error.302] type must be an integer, but is string");
  CHECK_THROWS_WITH(json_integer<int>(nlohmann::json(4'000'000'000u)),
                    "[json.exception.out_of_range.406] integer 4000000000 is out of range");
  CHECK_THROWS_WITH(json_integer<unsigned>(nlohmann::json(-1)),
                    "[json.exception.out_of_range.406] integer -1 is out of range");
}

TEST_CASE("journal: a float where an integer belongs names the line") {
  Result<JournalState> read = read_journal(
      "{\"event\":\"begin\",\"plan_sha256\":\"a\",\"steps\":2}\n{\"event\":\"prepared\",\"step\":-5e20,\"undo\":{}}\n");
  REQUIRE_FALSE(read);
  CHECK(read.message() == "journal line 2: [json.exception.type_error.302] type must be an integer, but is number");
}

TEST_CASE("plan file: a float format_version is not a plan") {
  Result<PlanFile> read = read_plan_file(R"({"format_version": 1e300})");
  REQUIRE_FALSE(read);
  CHECK(read.message() == "[json.exception.type_error.302] type must be an integer, but is number");
}

}  // namespace
}  // namespace clawform
