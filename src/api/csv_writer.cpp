#include "api/csv_writer.h"

#include "api/json_writer.h"

namespace strikeline {

void CsvWriter::separate() {
  if (!first_) out_ += ',';
  first_ = false;
}

CsvWriter& CsvWriter::comment(std::string_view name, std::string_view value) {
  out_ += "# ";
  out_ += name;
  out_ += ": ";
  out_ += value;
  out_ += '\n';
  return *this;
}

CsvWriter& CsvWriter::text(std::string_view value) {
  separate();
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out_ += value;
    return *this;
  }
  out_ += '"';
  for (char c : value) {
    if (c == '"') out_ += '"';
    out_ += c;
  }
  out_ += '"';
  return *this;
}

CsvWriter& CsvWriter::number(double value) {
  separate();
  std::string text;
  JsonWriter(text).number(value);
  if (text != "null") out_ += text;  // NaN and infinities: an empty field
  return *this;
}

CsvWriter& CsvWriter::number(std::int64_t value) {
  separate();
  out_ += std::to_string(value);
  return *this;
}

CsvWriter& CsvWriter::empty() {
  separate();
  return *this;
}

CsvWriter& CsvWriter::end_record() {
  out_ += '\n';
  first_ = true;
  return *this;
}

}  // namespace strikeline
