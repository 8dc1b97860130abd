// Cells of the stream's JSON messages as `strikeline tail` prints them: a member of a message
// object (boost::json) written as text, "-" when it is absent or null. Numbers with fixed
// decimals, strikes as the exchange writes them (24300, 47.5), quantities of units in lakh/crore
// (app/indian_quantity.h), changes of quantities with their sign.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace strikeline::app {

// The member as a number (fallback when absent or not a number).
double number_or(const boost::json::object& o, std::string_view key, double fallback);
// The member as a string ("?" when absent or not a string).
std::string text_or_unknown(const boost::json::object& o, std::string_view key);

std::string format_number(double v, int decimals);
std::string optional_number(const boost::json::object& o, std::string_view key, int decimals);
std::string optional_strike(const boost::json::object& o, std::string_view key);
std::string optional_quantity(const boost::json::object& o, std::string_view key);
// A change of a quantity: "+1.30 L", "-650", "0".
std::string optional_quantity_change(const boost::json::object& o, std::string_view key);

// hh:mm:ss in IST of epoch seconds.
std::string ist_clock(std::int64_t epoch);

}  // namespace strikeline::app
