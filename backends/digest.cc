#include "backends/digest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace clawform {

namespace {

std::string to_hex(const unsigned char* data, unsigned length) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(length * 2, '0');
  for (unsigned i = 0; i < length; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0xF];
  }
  return out;
}

constexpr std::size_t kKeyBytes = 32;

}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return to_hex(digest, length);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view value) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(), digest, &length);
  return to_hex(digest, length);
}

std::optional<std::string> load_or_create_digest_key(const std::string& clawform_dir, std::string& error) {
  const std::string path = clawform_dir + "/digest.key";
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (bytes.str().size() == kKeyBytes) return bytes.str();
    error = fmt::format("{} is not a {}-byte digest key", path, kKeyBytes);
    return std::nullopt;
  }
  std::error_code ec;
  std::filesystem::create_directories(clawform_dir, ec);
  ::chmod(clawform_dir.c_str(), 0700);
  unsigned char key[kKeyBytes];
  if (RAND_bytes(key, sizeof key) != 1) {
    error = "no randomness for a digest key";
    return std::nullopt;
  }
  // O_EXCL: when two discoveries race, one creates and the other reads.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return load_or_create_digest_key(clawform_dir, error);
    error = fmt::format("cannot create {}: {}", path, std::strerror(errno));
    return std::nullopt;
  }
  bool ok = ::write(fd, key, sizeof key) == static_cast<ssize_t>(sizeof key) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    error = fmt::format("cannot write {}", path);
    std::filesystem::remove(path, ec);
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(key), sizeof key);
}

}  // namespace clawform
