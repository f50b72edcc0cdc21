#pragma once
// An HTTP server on a free 127.0.0.1 port that answers from a function: a
// stand-in gateway, or a program that is not one, for probe and discovery
// tests.

#include <chrono>
#include <functional>
#include <istream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

namespace clawform::testing {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

// Answers from a Responder that mean "no answer".
inline const std::string kSilent;                 // read the request, keep the connection open, say nothing
inline const std::string kHangUp = "<hang up>";  // close the connection without answering

// Accepts at most `connections` connections on a free loopback port and
// answers each request with `respond(target)`. Its thread ends by itself once
// they are served, or after kLifetime whatever happens; the destructor stops
// it earlier. Silent connections stay open until the destructor.
class FakeServer {
 public:
  using Responder = std::function<std::string(const std::string& target)>;
  static constexpr auto kLifetime = 10s;

  FakeServer(int connections, Responder respond)
      : acceptor_(io_, tcp::endpoint(asio::ip::address_v4::loopback(), 0)),
        left_(connections),
        respond_(std::move(respond)) {
    port_ = acceptor_.local_endpoint().port();
    accept_next();
    thread_ = std::thread([this] { io_.run_for(kLifetime); });
  }
  ~FakeServer() {
    io_.stop();
    thread_.join();
  }
  FakeServer(const FakeServer&) = delete;
  FakeServer& operator=(const FakeServer&) = delete;

  int port() const { return port_; }
  // The request heads received so far, in order of arrival.
  std::vector<std::string> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  struct Connection {
    explicit Connection(tcp::socket s) : socket(std::move(s)) {}
    tcp::socket socket;
    asio::streambuf request;
    std::string answer;
  };

  void accept_next() {
    if (left_ == 0) return;
    --left_;
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      serve(std::make_shared<Connection>(std::move(socket)));
      accept_next();
    });
  }

  void serve(const std::shared_ptr<Connection>& c) {
    asio::async_read_until(c->socket, c->request, "\r\n\r\n", [this, c](boost::system::error_code ec, std::size_t n) {
      if (ec) return;
      std::string head(asio::buffers_begin(c->request.data()), asio::buffers_begin(c->request.data()) + n);
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(head);
      }
      std::string method, target;
      std::istream(&c->request) >> method >> target;
      c->answer = respond_(target);
      if (c->answer == kSilent) {
        silent_.push_back(c);
        return;
      }
      if (c->answer == kHangUp) {
        c->socket.close(ec);
        return;
      }
      asio::async_write(c->socket, asio::buffer(c->answer), [c](boost::system::error_code write_ec, std::size_t) {
        c->socket.shutdown(tcp::socket::shutdown_both, write_ec);
      });
    });
  }

  asio::io_context io_;  // first: outlives every socket below
  tcp::acceptor acceptor_;
  int left_;
  Responder respond_;
  int port_ = 0;
  std::vector<std::shared_ptr<Connection>> silent_;
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

inline std::string http(int status, const std::string& body, const std::string& type = "application/json") {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

// A stand-in OpenClaw gateway: /health, /startupz and /ready answer as given
// (three connections per probe_gateway()).
inline const std::string kStarted = R"({"ok":true,"status":"started","version":"2026.9.6","uptimeMs":1})";
inline FakeServer::Responder gateway(const std::string& health, int ready_status, const std::string& ready,
                                     int startup_status = 200, const std::string& startup = kStarted) {
  return [=](const std::string& target) {
    if (target == "/health") return http(200, health);
    if (target == "/startupz") return http(startup_status, startup);
    if (target == "/ready") return http(ready_status, ready);
    return http(404, "Not Found", "text/plain");
  };
}

}  // namespace clawform::testing
