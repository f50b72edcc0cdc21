// Reading the host's listening sockets: /proc/net/tcp rows and lsof -F
// output (captured on this machine), and the live call finding a socket
// this test listens on, with this process as its owner.
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "backends/listeners.h"

namespace clawform {
namespace {

TEST_CASE("listeners: /proc/net/tcp LISTEN rows give port, uid and inode") {
  const std::string text =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      "   0: 0100007F:4E20 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 590 1 0 100 0 0 10 0\n"
      "   1: 0100007F:4E20 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 591 1 0 20 4 30 10 -1\n"
      "   2: 00000000000000000000000001000000:4E2A 00000000000000000000000000000000:0000 0A 00000000:00000000 "
      "00:00000000 00000000     0        0 77 1 0 100 0 0 10 0\n";
  std::vector<ProcSocket> sockets = parse_proc_net_tcp(text);
  REQUIRE(sockets.size() == 2);  // the established row is not a listener
  CHECK(sockets[0].port == 20000);
  CHECK(sockets[0].uid == 1000);
  CHECK(sockets[0].inode == 590);
  CHECK(sockets[1].port == 20010);
  CHECK(sockets[1].uid == 0);
}

TEST_CASE("listeners: lsof -FpRcn output gives pid, ppid, command and port") {
  std::vector<Listener> l = parse_lsof_listeners(
      "p4242\nR1\ncopenclaw-gateway\nf21\nn127.0.0.1:18789\nf22\nn[::1]:18789\np77\nR4242\ncGoogle Chrome\nf9\nn*:18800\n");
  REQUIRE(l.size() == 3);
  CHECK(l[0].pid == 4242);
  CHECK(l[0].ppid == 1);
  CHECK(l[0].command == "openclaw-gateway");
  CHECK(l[0].port == 18789);
  CHECK(l[1].port == 18789);
  CHECK(l[2].pid == 77);
  CHECK(l[2].ppid == 4242);
  CHECK(l[2].command == "Google Chrome");
  CHECK(l[2].port == 18800);
}

TEST_CASE("listeners: a socket this process listens on is found, with this process as its owner") {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;  // any free port
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd, 1) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  const int port = ntohs(addr.sin_port);

  Result<std::vector<Listener>> found = listening_sockets([&](int p) { return p == port; });
  ::close(fd);
  REQUIRE_MESSAGE(found, found.message());
  REQUIRE(found->size() == 1);
  CHECK(found->front().port == port);
  CHECK(found->front().pid == ::getpid());
  CHECK(found->front().ppid == ::getppid());
  CHECK(found->front().uid == static_cast<long>(::getuid()));
}

}  // namespace
}  // namespace clawform
