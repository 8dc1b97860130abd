#include "api/client_admission.h"

#include <cassert>
#include <functional>

#include "api/ingest/ingest_auth.h"

namespace strikeline {

boost::asio::ip::address client_key(const boost::asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  }
  return address;
}

std::size_t ClientAdmission::AddressHash::operator()(const boost::asio::ip::address& a) const {
  if (a.is_v4()) return std::hash<std::uint32_t>{}(a.to_v4().to_uint());
  const auto bytes = a.to_v6().to_bytes();
  std::size_t h = 1469598103934665603ull;
  for (unsigned char b : bytes) h = (h ^ b) * 1099511628211ull;
  return h;
}

ClientAdmission::ClientAdmission(AdmissionLimits limits) : limits_(limits) {}

std::optional<ClientAdmission::Slot> ClientAdmission::admit(
    const boost::asio::ip::address& address) {
  const auto key = client_key(address);
  std::lock_guard lock(mutex_);
  Client& c = clients_[key];
  const bool within_total = connections_ < limits_.max_connections;
  const bool within_client = limits_.max_per_client == 0 || c.connections < limits_.max_per_client;
  if (within_total && within_client) {
    ++c.connections;
    ++connections_;
    return Slot::ordinary;
  }
  if (is_loopback(key) && reserved_in_use_ < limits_.reserved_loopback) {
    ++reserved_in_use_;
    if (c.connections == 0 && c.answer_bytes == 0) clients_.erase(key);
    return Slot::reserved;
  }
  if (c.connections == 0 && c.answer_bytes == 0) clients_.erase(key);
  return std::nullopt;
}

ClientAdmission::Slot ClientAdmission::admit_in_place_of_evicted() {
  std::lock_guard lock(mutex_);
  ++reserved_in_use_;
  return Slot::reserved;
}

void ClientAdmission::release(const boost::asio::ip::address& address, Slot slot) {
  const auto key = client_key(address);
  std::lock_guard lock(mutex_);
  if (slot == Slot::reserved) {
    assert(reserved_in_use_ > 0);
    --reserved_in_use_;
    return;
  }
  auto it = clients_.find(key);
  assert(it != clients_.end() && it->second.connections > 0);
  if (it == clients_.end()) return;
  --it->second.connections;
  --connections_;
  forget_if_idle(key);
}

bool ClientAdmission::hold_answer(const boost::asio::ip::address& address, std::size_t bytes,
                                  std::size_t always_fits) {
  const auto key = client_key(address);
  std::lock_guard lock(mutex_);
  Client& c = clients_[key];
  // Nothing held (in all, or by this client) always leaves room for one answer, so an answer larger
  // than a budget is still served, one at a time.
  const bool fits_total = limits_.response_budget == 0 || answer_bytes_ == 0 ||
                          answer_bytes_ + bytes <= limits_.response_budget;
  const bool fits_client = limits_.response_budget_per_client == 0 || c.answer_bytes == 0 ||
                           c.answer_bytes + bytes <= limits_.response_budget_per_client;
  if (bytes > always_fits && !(fits_total && fits_client)) {
    last_refused_ = bytes;
    forget_if_idle(key);
    return false;
  }
  c.answer_bytes += bytes;
  answer_bytes_ += bytes;
  return true;
}

void ClientAdmission::release_answer(const boost::asio::ip::address& address, std::size_t bytes) {
  const auto key = client_key(address);
  std::lock_guard lock(mutex_);
  auto it = clients_.find(key);
  assert(it != clients_.end() && it->second.answer_bytes >= bytes);
  if (it == clients_.end()) return;
  it->second.answer_bytes -= bytes;
  answer_bytes_ -= bytes;
  forget_if_idle(key);
}

bool ClientAdmission::answers_exhausted(const boost::asio::ip::address& address) const {
  const auto key = client_key(address);
  std::lock_guard lock(mutex_);
  // Used up: less room than the last answer that did not fit (answers of a kind are alike).
  const auto used_up = [&](std::size_t held, std::size_t budget) {
    return held > 0 && (held >= budget || budget - held < last_refused_);
  };
  if (limits_.response_budget != 0 && used_up(answer_bytes_, limits_.response_budget)) return true;
  if (limits_.response_budget_per_client == 0) return false;
  auto it = clients_.find(key);
  return it != clients_.end() &&
         used_up(it->second.answer_bytes, limits_.response_budget_per_client);
}

std::size_t ClientAdmission::open_connections() const {
  std::lock_guard lock(mutex_);
  return connections_ + reserved_in_use_;
}

std::size_t ClientAdmission::held_answer_bytes() const {
  std::lock_guard lock(mutex_);
  return answer_bytes_;
}

void ClientAdmission::forget_if_idle(const boost::asio::ip::address& key) {
  auto it = clients_.find(key);
  if (it != clients_.end() && it->second.connections == 0 && it->second.answer_bytes == 0) {
    clients_.erase(it);
  }
}

}  // namespace strikeline
