// The manifest's `backup:` section: age recipients checked to the bech32
// checksum, keep at least 1, errors at file:line:col.
#include <doctest/doctest.h>

#include <string>

#include "schema/names.h"
#include "schema/validate.h"

namespace clawform {
namespace {

constexpr const char* kRecipient = "age1mzda642jx2mceh0qwylmpcmd359yfvuc4ufflkvgccdrr0pg6c4q9ejmz3";
constexpr const char* kOther = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

std::string manifest_with(const std::string& backup) {
  return "apiVersion: clawform/v1\n"
         "fleet: f\n"
         "region: sg\n"
         "host: {os: linux, memory_gb: 64, disk_gb: 2048}\n"
         "openclaw: {version: 2026.9.6}\n"
         "topology: C\n"
         "gateway: {ports: 18789-19000}\n"
         "defaults: {model: anthropic/claude-sonnet-4-6}\n"
         "projects:\n"
         "  acme: {port: 18789, unauthenticated_gateway: test}\n" +
         backup;
}

TEST_CASE("age recipients: bech32 with the age prefix and a valid checksum") {
  CHECK(is_age_recipient(kRecipient));
  CHECK(is_age_recipient(kOther));
  std::string flipped = kRecipient;
  flipped[10] = flipped[10] == 'q' ? 'p' : 'q';
  CHECK_FALSE(is_age_recipient(flipped));                       // checksum
  CHECK_FALSE(is_age_recipient(std::string(kRecipient) + "q"));  // length
  std::string upper = kRecipient;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK_FALSE(is_age_recipient(upper));  // age writes them in lower case
  CHECK_FALSE(is_age_recipient("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN"));
  CHECK_FALSE(is_age_recipient(""));
  CHECK(is_age_identity("AGE-SECRET-KEY-1WCM2RT2LDA4FH336QJSF3V9MZWH58FLDRJKL0J3NWWT6HNWYARVQCCFESA"));
  CHECK(is_age_identity("age-secret-key-1abc"));
  CHECK_FALSE(is_age_identity(kRecipient));
}

TEST_CASE("backup: recipients and keep decode into the model") {
  FileValidation v = validate_text(
      "fleet.yaml", manifest_with(std::string("backup:\n  recipients: [") + kRecipient + ", " + kOther + "]\n  keep: 4\n"),
      true);
  REQUIRE_FALSE(v.diagnostics.has_errors());
  REQUIRE(v.manifest->backup);
  REQUIRE(v.manifest->backup->recipients.size() == 2);
  CHECK(v.manifest->backup->recipients[1].recipient == kOther);
  CHECK(v.manifest->backup->recipients[1].location.line == 12);
  CHECK(v.manifest->backup->keep == 4);
}

TEST_CASE("backup: without the section the manifest has none") {
  FileValidation v = validate_text("fleet.yaml", manifest_with(""), true);
  REQUIRE_FALSE(v.diagnostics.has_errors());
  CHECK_FALSE(v.manifest->backup);
}

TEST_CASE("backup: a recipient that is not an age X25519 recipient - error at its position") {
  FileValidation v = validate_text(
      "fleet.yaml", manifest_with("backup:\n  recipients:\n    - age1notarecipient\n  keep: 0\n"), false);
  CHECK(render_validation_text(v) ==
        "fleet.yaml:13:7: error: [backup-recipient] \"age1notarecipient\" in backup.recipients is not an age X25519 "
        "recipient: \"age1\" and 58 bech32 characters with a valid checksum, as `age-keygen -y IDENTITY` prints it\n"
        "        - age1notarecipient\n"
        "          ^\n"
        "fleet.yaml:14:9: error: [invalid-value] backup.keep must be between 1 and 100000, not 0\n"
        "      keep: 0\n"
        "            ^\n"
        "fleet.yaml: invalid, 2 errors\n");
}

TEST_CASE("backup: an identity pasted as a recipient - error, its line not echoed") {
  const std::string identity = "AGE-SECRET-KEY-1WCM2RT2LDA4FH336QJSF3V9MZWH58FLDRJKL0J3NWWT6HNWYARVQCCFESA";
  FileValidation v = validate_text("fleet.yaml", manifest_with("backup:\n  recipients: [" + identity + "]\n"), false);
  const std::string report = render_validation_text(v);
  CHECK(report.find("fleet.yaml:12:16: error: [backup-recipient] backup.recipients holds an age identity") == 0);
  CHECK(report.find(identity) == std::string::npos);
}

TEST_CASE("backup: recipients missing, empty, or listed twice") {
  FileValidation missing = validate_text("fleet.yaml", manifest_with("backup:\n  keep: 2\n"), false);
  CHECK(render_validation_text(missing).find(
            "fleet.yaml:11:1: error: [missing-field] backup is missing required key \"recipients\"") == 0);
  FileValidation empty = validate_text("fleet.yaml", manifest_with("backup:\n  recipients: []\n"), false);
  CHECK(render_validation_text(empty).find("fleet.yaml:12:15: error: [backup-recipient] backup.recipients is empty") ==
        0);
  FileValidation twice = validate_text(
      "fleet.yaml", manifest_with(std::string("backup:\n  recipients: [") + kRecipient + ", " + kRecipient + "]\n"),
      false);
  CHECK(render_validation_text(twice).find("error: [invalid-value] \"" + std::string(kRecipient) +
                                           "\" is listed twice in backup.recipients") != std::string::npos);
}

}  // namespace
}  // namespace clawform
