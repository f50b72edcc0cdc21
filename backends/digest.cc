#include "backends/digest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "compiler/clawform_dir.h"
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "backends/file_io.h"

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

Result<std::string> sha256_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::error(fmt::format("{}: open: {}", path, std::strerror(errno)));
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  EVP_DigestInit_ex(context, EVP_sha256(), nullptr);
  std::string failure;
  std::vector<char> buffer(std::size_t{1} << 20);
  for (;;) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) failure = fmt::format("{}: read: {}", path, std::strerror(errno));
    if (got <= 0) break;
    EVP_DigestUpdate(context, buffer.data(), static_cast<std::size_t>(got));
  }
  ::close(fd);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  EVP_DigestFinal_ex(context, digest, &length);
  EVP_MD_CTX_free(context);
  if (!failure.empty()) return Status::error(failure);
  return to_hex(digest, length);
}

Result<std::string> random_hex(std::size_t bytes) {
  std::vector<unsigned char> random(bytes);
  if (RAND_bytes(random.data(), static_cast<int>(bytes)) != 1) return Status::error("no randomness for a token");
  return to_hex(random.data(), static_cast<unsigned>(bytes));
}

std::string hmac_sha256_hex(std::string_view key, std::string_view value) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(), digest, &length);
  return to_hex(digest, length);
}

Result<std::string> load_or_create_digest_key(const std::string& clawform_dir) {
  const std::string path = ClawformDir{clawform_dir}.digest_key();
  if (::access(path.c_str(), F_OK) == 0) {
    Result<std::string> bytes = read_file(path, kKeyBytes + 1);
    if (bytes && bytes->size() != kKeyBytes)
      return Status::error(fmt::format("{} is not a {}-byte digest key", path, kKeyBytes));
    return bytes;
  }
  if (Status made = make_dirs(clawform_dir, 0700); !made) return made;
  unsigned char key[kKeyBytes];
  if (RAND_bytes(key, sizeof key) != 1) return Status::error("no randomness for a digest key");
  // Written whole beside the target, then linked into place: link() fails
  // when another clawform got there first, and a reader never sees a
  // partial key. The loser reads the winner's key.
  const std::string key_bytes(reinterpret_cast<const char*>(key), sizeof key);
  const std::string temp = fmt::format("{}.{}.new", path, ::getpid());
  if (Status written = write_file_atomic(temp, key_bytes, 0600); !written) return written;
  const int linked = ::link(temp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(temp.c_str());
  if (linked != 0 && link_errno == EEXIST) return load_or_create_digest_key(clawform_dir);
  if (linked != 0) return Status::error(fmt::format("cannot create {}: {}", path, std::strerror(link_errno)));
  return key_bytes;
}

}  // namespace clawform
