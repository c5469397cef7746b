#include "run_context.hpp"

#include "greengate/error.hpp"
#include "greengate/model/cn_code.hpp"

namespace greengate::calc::batch {

void Shared::set_data(const MoneyContext& c) {
  if (c.data.period.first != kFirstYear || c.data.period.last != kLastYear)
    throw InputError("greengate: batch: the CBAM period of the money rules is " + c.data.period.text() + " (" +
                     c.data.period.ref + "); the batch's tables hold " + std::to_string(kFirstYear) + "-" +
                     std::to_string(kLastYear) + " only");
  ctx = &c;
  benchmarks = &benchmark_table(c);
  for (int a = 0; a < 26; ++a)
    for (int b = 0; b < 26; ++b) {
      char cc[2] = {static_cast<char>('A' + a), static_cast<char>('A' + b)};
      country_ok[a * 26 + b] = c.data.factors.is_known_country(std::string_view(cc, 2));
      origin_outside[a * 26 + b] = c.data.scope.zero_origin(std::string_view(cc, 2)) != nullptr;
    }
  for (int y = kFirstYear; y <= kLastYear; ++y) {
    YearInfo& yi = years[static_cast<std::size_t>(y - kFirstYear)];
    yi.params = year_params(c, y);  // as compute_line: throws when the library lacks it
    for (int q = 0; q <= 4; ++q)
      if (auto p = c.prices.price(opt.scenario, y, q, yi.params.quarter_unknown)) {
        PeriodPrice& pp = yi.price[static_cast<std::size_t>(q)];
        pp.ok = true;
        pp.price = u::in_eur_per_tco2e(p->value);
        if (p->flagged) pp.flags |= flag_price_partial;
        if (p->quarter_rule) pp.flags |= flag_price_quarter_unknown;
      }
    rules::FactSet none;
    rules::Evaluator ev(c.money, Date::first_of_year(y), none);
    auto th = ev.param("cbam.de_minimis.threshold");
    if (!th)
      throw InputError("greengate: batch: no de minimis threshold (cbam.de_minimis.threshold) in force in " +
                       std::to_string(y) + " in the money rules");
    yi.threshold_t = *th;
    for (int s = 0; s < kSectors; ++s) {
      auto sector = static_cast<model::Sector>(s);
      std::string slug(model::sector_slug(sector));
      // the rule firm_obligation uses: electricity and hydrogen do not count
      rules::FactSet fs;
      fs.set_text("good.sector", slug, "batch line");
      rules::Evaluator e2(c.money, Date::first_of_year(y), fs);
      yi.counts_mass[static_cast<std::size_t>(s)] =
          e2.evaluate("cbam.de_minimis.counts_mass").outcome == rules::Outcome::pass;
      if (const auto* f = c.data.factors.find("markup." + slug, Date::first_of_year(y)))
        yi.markup[static_cast<std::size_t>(s)] = f->value;
    }
  }
}

}  // namespace greengate::calc::batch
