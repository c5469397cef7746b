#pragma once
// The report's words come from the one message catalogue per language (text/catalogue.hpp).

#include "greengate/text/catalogue.hpp"

namespace greengate::report {

using Messages = text::Catalogue;
using Lang = text::Lang;

}  // namespace greengate::report
