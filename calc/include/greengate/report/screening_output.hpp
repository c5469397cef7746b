#pragma once
// Outputs of a grant screening (calc/screening.hpp), shared by the CLI and the web front end:
// the ranked list as CSV and JSON, and the self-contained HTML decision records (one page per
// applicant, plus an index) in Turkish or English. Every value written into HTML is escaped.
// Numbers: JSON unrounded; CSV and HTML rounded for people (scores 2 decimals, EUR whole).

#include <string>

#include "greengate/calc/screening.hpp"
#include "greengate/report/messages.hpp"
#include "greengate/text/escape.hpp"

namespace greengate::report {

/// rank,id,name,verdict,total,<section ids…>,green,potential,requested_grant_eur,funding,
/// cumulative_eur,reasons (reasons joined with " | ").
std::string screening_csv(const calc::ScreeningReport& rep);
std::string screening_json(const calc::ScreeningReport& rep);

/// File name of an applicant's page: "applicant-<id>.html" with the id reduced to [A-Za-z0-9_-].
std::string applicant_page_name(const calc::Applicant& a);
/// The decision record of one applicant: data, verdict and reasons, every criterion with its
/// reason, reference, parameter values and facts, the section breakdown and the budget position.
std::string applicant_html(const calc::ScreeningReport& rep, const calc::ApplicantResult& r, Lang lang);
/// The ranked table with links to the applicant pages and the budget summary.
std::string screening_index_html(const calc::ScreeningReport& rep, Lang lang);

using text::html_escape;

}  // namespace greengate::report
