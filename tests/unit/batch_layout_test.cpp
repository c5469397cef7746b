// greengate batch on every column layout (issue 13): a property test with a fixed seed. For each of
// the 64 subsets of the optional columns, in a shuffled order of all the columns (and the subset
// of all six in the usual order), generated lines — every sector, TARIC codes, electricity in MWh,
// out-of-scope goods, Annex III origins, kg and t, actual and default values, SEFA, prices paid
// abroad, routes, import dates and quarters, some fields quoted or padded so that the slow path
// takes them — must give, line by line in the --lines-out file, exactly the numbers and flags of
// compute_line (the engine of greengate obligation) for the same good, as the --lines-out file
// writes them. The --lines-out text is read back with the general CSV reader (text::read_csv).
#include <doctest/doctest.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "greengate/calc/batch.hpp"
#include "greengate/report/json_writer.hpp"
#include "greengate/text/csv.hpp"
#include "test_data.hpp"

namespace u = greengate::units;
namespace gc = greengate::calc;
using greengate::test::dataset;
using greengate::test::money;

namespace {

// The optional columns, in kColNames order after the six required ones.
const char* const kRequired[] = {"declarant", "year", "cn_code", "origin", "quantity", "unit"};
const char* const kOptional[] = {"see_direct", "see_indirect", "carbon_price_paid", "sefa", "route", "import_date"};

struct Good {
  const char* cn;  ///< as written in the file
  const char* cn_digits;  ///< the code the lines-out file shows
};
const Good kGoods[] = {
    {"7214 20 00", "72142000"}, {"72031000", "72031000"},  {"2523 29 00", "25232900"}, {"28141000", "28141000"},
    {"3102 30 90", "31023090"}, {"76011000", "76011000"},  {"2804 10 00", "28041000"}, {"26011200", "26011200"},
    {"7208 51 20", "72085120"}, {"7318 15 88", "73181588"}, {"2523100090", "2523100090"}, {"7224101000", "7224101000"},
    {"2716 00 00", "27160000"}, {"3901 10 10", "39011010"}, {"7606 12 99", "76061299"}, {"2507008080", "2507008080"}};
const char* const kOrigins[] = {"TR", "CN", "IN", "UA", "FJ", "NO", "EG", "KR"};
const char* const kRoutes[] = {"", "", "A", "B", "C/F", "E", "H", "J", "L"};

/// One generated line: what compute_line is given, and the text of each column.
struct Line {
  gc::LineInput in;
  std::string text[12];  ///< by column: kRequired then kOptional
};

/// The shortest text that reads back as `v` ("123.45" for 12345 / 100.0).
std::string num_text(double v) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

Line make_line(std::mt19937_64& rng, int index, const std::vector<bool>& has) {
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  auto chance = [&](double p) { return static_cast<double>(rng() % 1000) < p * 1000; };
  Line l;
  gc::LineInput& in = l.in;
  const Good& g = kGoods[pick(std::size(kGoods))];
  in.cn = g.cn_digits;
  in.origin = kOrigins[pick(std::size(kOrigins))];
  in.year = 2026 + static_cast<int>(pick(5));
  const bool electricity = std::strcmp(g.cn_digits, "27160000") == 0;
  in.electricity = electricity;
  const double qty = static_cast<double>(1 + pick(40000)) / 100.0;  // 0.01 … 400 (exact in text)
  bool kg = !electricity && chance(0.15);
  if (electricity) in.energy = u::megawatt_hours(qty);
  else in.mass = kg ? u::kilograms(qty) : u::tonnes(qty);
  l.text[0] = "d" + std::to_string(index % 37);
  l.text[1] = std::to_string(in.year);
  l.text[2] = g.cn;
  l.text[3] = in.origin;
  l.text[4] = num_text(qty);
  l.text[5] = electricity ? "MWh" : kg ? "kg" : "t";
  // optional values, only where the layout has the column
  double see_d = 0, see_i = 0;
  bool with_d = has[0] && chance(0.45), with_i = has[1] && chance(0.35);
  if (with_d) l.text[6] = num_text(see_d = static_cast<double>(pick(3500)) / 1000.0);
  if (with_i) l.text[7] = num_text(see_i = static_cast<double>(pick(300)) / 1000.0);
  in.actual = with_d || with_i;
  if (in.actual) {
    auto sc = dataset().scope.check(in.cn);
    bool indirect_counts = sc.in_scope && sc.entry && !sc.entry->direct_only;
    double counted = see_d + (indirect_counts ? see_i : 0.0);
    if (electricity) in.see_el = u::tco2e_per_megawatt_hour(counted);
    else in.see = u::tco2e_per_tonne(counted);
  }
  if (has[2] && chance(0.2)) {
    double cpp = static_cast<double>(200 + pick(3800)) / 100.0;
    l.text[8] = num_text(cpp);
    in.carbon_price_paid = cpp;
  }
  if (has[3] && chance(0.2)) {
    double sefa = static_cast<double>(100 + pick(1400)) / 1000.0;
    l.text[9] = num_text(sefa);
    in.sefa = u::tco2e_per_tonne(sefa);
  }
  if (has[4]) l.text[10] = in.route = kRoutes[pick(std::size(kRoutes))];
  if (has[5] && chance(0.6)) {
    int q = 1 + static_cast<int>(pick(in.year == 2026 ? 3 : 4));  // 2026-Q4 has no price here
    if (chance(0.5)) {
      l.text[11] = std::to_string(in.year) + "-Q" + std::to_string(q);
    } else {
      char d[16];
      std::snprintf(d, sizeof d, "%d-%02d-%02d", in.year, 3 * q - static_cast<int>(pick(3)), 1 + static_cast<int>(pick(28)));
      l.text[11] = d;
    }
    in.quarter = q;
  }
  // Some fields quoted or padded: those lines go the slow way, the others the fast one.
  if (chance(0.08)) l.text[0] = "\"" + l.text[0] + "\"";
  if (chance(0.05)) l.text[2] = " " + l.text[2];
  if (chance(0.05)) l.text[4] = "\"" + l.text[4] + "\"";
  return l;
}

/// A number as the --lines-out file writes it.
std::string number(double v) {
  std::string s;
  greengate::report::JsonWriter::append_number(s, v);
  return s;
}

}  // namespace

TEST_CASE("Issue 13: batch equals compute_line line by line on every column layout (64 subsets, shuffled orders)") {
  auto prices = gc::PriceBook::from_csv_text(
                    "period,price\n2026-Q1,75.36\n2026-Q2,75.28\n2026-Q3,70.5\n2027,85\n2028,90\n2029,95\n2030,101.25\n", "p.csv")
                    .get();
  gc::MoneyContext ctx{dataset(), money(), prices, std::nullopt, nullptr};  // CSCF placeholder: flagged
  std::mt19937_64 rng(20261202);
  int layouts = 0;
  for (unsigned subset = 0; subset <= 64; ++subset) {
    // subset 64: all six optional columns in the usual order (the fast path's own layout, plus
    // import_date); 0..63: that subset of optional columns, every column shuffled
    const unsigned bits = subset == 64 ? 63u : subset;
    std::vector<bool> has(6);
    std::vector<int> cols = {0, 1, 2, 3, 4, 5};
    for (int i = 0; i < 6; ++i)
      if ((has[static_cast<std::size_t>(i)] = (bits >> i) & 1u)) cols.push_back(6 + i);
    if (subset < 64) std::shuffle(cols.begin(), cols.end(), rng);
    std::string header;
    for (int c : cols) header += (header.empty() ? "" : ",") + std::string(c < 6 ? kRequired[c] : kOptional[c - 6]);
    CAPTURE(header);
    std::string csv = header + "\n";
    std::vector<gc::LineResult> expected;
    std::vector<Line> lines;
    for (int k = 0; k < 120; ++k) {
      Line l = make_line(rng, k, has);
      std::string row;
      for (std::size_t i = 0; i < cols.size(); ++i) row += (i ? "," : "") + l.text[cols[i]];
      csv += row + (k % 11 == 3 ? "\r\n" : "\n");
      expected.push_back(gc::compute_line(ctx, l.in, "user", false));
      lines.push_back(std::move(l));
    }
    gc::BatchOptions opt;
    opt.display = "layout.csv";
    opt.scenario = "user";
    opt.threads = 2;
    opt.block_bytes = 1024;  // several blocks, cut at different lines per layout
    opt.lines_out = true;
    std::string out;
    std::vector<gc::BatchReject> rejects;
    std::size_t pos = 0;
    gc::BatchReader read = [&](char* buf, std::size_t n) {
      std::size_t m = std::min(n, csv.size() - pos);
      std::memcpy(buf, csv.data() + pos, m);
      pos += m;
      return m;
    };
    gc::BatchSinks sinks;
    sinks.lines = [&](std::string_view t) { out += t; };
    sinks.reject = [&](const gc::BatchReject& r) { rejects.push_back(r); };
    auto res = gc::run_batch(ctx, opt, read, sinks);
    CHECK(rejects.empty());
    for (const auto& r : rejects) CAPTURE(r.reason.en());
    greengate::Diagnostics d;
    auto recs = greengate::text::read_csv(out, d, "lines-out.csv");
    REQUIRE(d.empty());
    REQUIRE(recs.size() == lines.size() + 1);
    CHECK(res.lines_read == lines.size());
    for (std::size_t k = 0; k < lines.size(); ++k) {
      const auto& c = recs[k + 1].cells;
      const auto& e = expected[k];
      CAPTURE(k);
      std::string row_text;
      for (const auto& x : c) row_text += x + ",";
      CAPTURE(row_text);
      REQUIRE(c.size() == 18);
      CHECK(c[0] == std::to_string(k + 2));  // the header is line 1
      CHECK(c[4] == lines[k].in.cn);
      CHECK(c[5] == lines[k].in.origin);
      CHECK(c[3] == (lines[k].in.quarter ? "Q" + std::to_string(lines[k].in.quarter) : std::string()));
      std::string flags;
      for (const auto& f : gc::flag_names(e.flags)) flags += (flags.empty() ? "" : ";") + f;
      CHECK(c[17] == flags);
      const bool computed = e.in_scope && !(e.flags & gc::flag_default_missing);
      CHECK(c[8] == (e.in_scope ? (lines[k].in.actual ? "actual" : "default") : ""));
      if (!computed) {
        CHECK(c[9].empty());
        continue;
      }
      // the same doubles, as the lines-out file writes them (JsonWriter::append_number)
      CHECK(c[9] == number(e.see));
      CHECK(c[10] == number(e.sefa));
      CHECK(c[11] == number(u::in_tco2e(e.embedded)));
      CHECK(c[12] == (e.faa ? number(u::in_tco2e(*e.faa)) : std::string()));
      CHECK(c[13] == number(u::in_tco2e(e.art9)));
      CHECK(c[14] == number(u::in_tco2e(e.certificates)));
      CHECK(c[15] == number(u::in_eur_per_tco2e(e.price)));
      CHECK(c[16] == number(u::in_eur(e.cost)));
    }
    ++layouts;
  }
  CHECK(layouts == 65);
}

TEST_CASE("Issue 13: engine messages say what is missing or given, never a command-line option") {
  // The faces word the options (the CLI's --price, the web's price field); the engine names the
  // price itself and the periods without one.
  auto flat = gc::PriceBook::flat(80);
  auto p = flat.price("user", 2027);
  REQUIRE(p);
  CHECK(p->source == "user price 80 EUR/tCO2e");
  gc::MoneyContext ctx{dataset(), money(), flat, 0.98, nullptr};
  CHECK(gc::year_params(ctx, 2026).cscf_param.ref == "user value");
  auto quarterly = gc::PriceBook::from_csv_text("period,price\n2026-Q1,75\n", "p.csv").get();
  gc::MoneyContext c2{dataset(), money(), quarterly, 1.0, nullptr};
  gc::LineInput in;
  in.cn = "72142000";
  in.origin = "TR";
  in.year = 2027;
  in.mass = u::tonnes(1);
  try {
    gc::compute_line(c2, in, "user", false);
    FAIL("no error for a year without a price");
  } catch (const greengate::InputError& e) {
    const std::string m = e.what();
    INFO(m);
    CHECK(m.find("no certificate price for 2027") != std::string::npos);
    CHECK(m.find("--") == std::string::npos);
  }
  std::string csv = "declarant,year,cn_code,origin,quantity,unit\nA,2028,72142000,TR,1,t\n";
  std::size_t pos = 0;
  gc::BatchReader read = [&](char* buf, std::size_t n) {
    std::size_t m = std::min(n, csv.size() - pos);
    std::memcpy(buf, csv.data() + pos, m);
    pos += m;
    return m;
  };
  gc::BatchOptions opt;
  opt.scenario = "user";
  try {
    gc::run_batch(c2, opt, read, {});
    FAIL("no error for a year without a price");
  } catch (const greengate::InputError& e) {
    const std::string m = e.what();
    INFO(m);
    CHECK(m.find("no certificate price for 2028") != std::string::npos);
    CHECK(m.find("--") == std::string::npos);
  }
}
