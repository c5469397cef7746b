// libFuzzer: the web's form decoder. The input is an application/x-www-form-urlencoded body read
// by Poco's HTMLForm with the server's limits (Exchange::parse_form), then the firm form
// (form_from_fields, apply_row_op, form_to_xml, parse_firm, place_diagnostics); and the same
// bytes as a firm file back into the form (form_from_xml), as the "edit" button does.
#include "fuzz_support.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequest.h>

#include <sstream>

#include "firm_form.hpp"
#include "greengate/factors/factor_library.hpp"
#include "greengate/model/firm.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace gw = greengate::web;
  // The form with the bundled data's choices, as greengate-web builds it.
  static const gw::FirmFormDef def(
      gw::form_choices(greengate::factors::load_factor_library(GREENGATE_SOURCE_DIR "/factors").get()));
  const std::string body(reinterpret_cast<const char*>(data), size);
  Poco::Net::HTMLForm form;
  form.setFieldLimit(2000);
  form.setValueLengthLimit(1024 * 1024);
  Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/firm");
  req.setContentType("application/x-www-form-urlencoded");
  std::istringstream in(body);
  try {
    form.load(req, in);
  } catch (const Poco::Exception&) {
    return 0;  // a malformed form is the server's 400 (load_form_or_400)
  }
  auto f = gw::form_from_fields(def, [&](const std::string& n) { return form.get(n, ""); }, 200);
  if (auto op = form.get("op", ""); op.rfind("add:", 0) == 0 || op.rfind("del:", 0) == 0) gw::apply_row_op(def, f, op);
  auto xml = gw::form_to_xml(def, f);
  auto loaded = greengate::model::parse_firm(xml.xml, "form");
  greengate::Diagnostics unplaced;
  if (!loaded.ok()) gw::place_diagnostics(def, f, xml, loaded.diagnostics(), unplaced);
  std::vector<std::string> not_shown;
  (void)gw::form_from_xml(def, body, not_shown);
  return 0;
}
