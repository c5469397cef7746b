#pragma once
// Where the input cells of the Communication template v2.1 / v2.1.1 are. Read off the
// Commission's blank file (templates/eu-communication/) and its data validations, which mark
// the input cells; both versions have the same input layout (2.1.1 changed Summary_Communication
// only). Rows and columns are 1-based; blocks repeat with a fixed stride.

#include <array>
#include <string_view>

#include "greengate/model/firm_vocabulary.hpp"

namespace greengate::exchange::layout {

// ---- sheets ----------------------------------------------------------------------------------
inline constexpr std::string_view kInst = "A_InstData";
inline constexpr std::string_view kEm = "B_EmInst";
inline constexpr std::string_view kEnergy = "C_Emissions&Energy";
inline constexpr std::string_view kProc = "D_Processes";
inline constexpr std::string_view kPurch = "E_PurchPrec";
inline constexpr std::string_view kProducts = "Summary_Products";
inline constexpr std::string_view kCodes = "c_CodeLists";
inline constexpr std::string_view kParams = "Parameters_Constants";
inline constexpr std::string_view kVersion = "VersionDocumentation";
inline constexpr std::string_view kTranslations = "Translations";

// Sheets whose formulas depend on nothing an exporter writes (only on Translations and on
// navigation links): their cached values stay, the importer may read them (country names).
inline constexpr std::array<std::string_view, 5> kStaticSheets = {
    "0_Versions", "c_CodeLists", "Parameters_CNCodes", "Translations", "VersionDocumentation"};

// Columns
inline constexpr int A = 1, B = 2, C = 3, D = 4, E = 5, F = 6, G = 7, H = 8, I = 9, J = 10,
                     K = 11, L = 12, M = 13, N = 14, O = 15, P = 16, Q = 17, R = 18, S = 19,
                     T = 20, U = 21, V = 22, W = 23, X = 24, Y = 25, Z = 26;
inline constexpr int col2(char a, char b) { return (a - 'A' + 1) * 26 + (b - 'A' + 1); }

// ---- VersionDocumentation ----------------------------------------------------------------------
inline constexpr int kVersionTypeRow = 2, kVersionDateRow = 3, kVersionLangRow = 5;  // column B
inline constexpr std::string_view kTemplateType = "CBAM communication SEE Version 2";
struct KnownVersion {
  int serial;  ///< Excel date serial of the version date in VersionDocumentation!B3
  std::string_view label;
};
inline constexpr std::array<KnownVersion, 2> kVersions = {{{45448, "2.1 (2024-06-05)"},
                                                           {45639, "2.1.1 (2024-12-13)"}}};

// ---- A_InstData ------------------------------------------------------------------------------
inline constexpr int kPeriodRow = 9, kPeriodStartCol = I, kPeriodEndCol = L;
// Installation details in column I, rows 19 … 32
inline constexpr int kInstCol = I;
inline constexpr int kLocalNameRow = 19, kNameRow = 20, kStreetRow = 21, kActivityRow = 22,
                     kPostCodeRow = 23, kPoBoxRow = 24, kCityRow = 25, kCountryRow = 26,
                     kUnlocodeRow = 27, kLatitudeRow = 28, kLongitudeRow = 29,
                     kRepresentativeRow = 30, kEmailRow = 31, kTelephoneRow = 32;
// Verifier (section 3), rows 37 … 53, column I: not carried (the definitive period's verifier
// report is separate), reported when filled.
inline constexpr int kVerifierFirstRow = 37, kVerifierLastRow = 53;
// (4a) goods categories with routes: rows 62 … 71; category E, routes I … N
inline constexpr int kGoodsFirstRow = 62, kGoodsCount = 10, kGoodsCatCol = E, kGoodsRouteCol = I,
                     kGoodsRoutes = 6;
// (4b) production processes: rows 83 … 92; id D (P1 …), category E, included F … K, name L
inline constexpr int kProcFirstRow = 83, kProcCount = 10, kProcCatCol = E, kProcInclCol = F,
                     kProcIncluded = 6, kProcNameCol = L;
// (5) purchased precursors: rows 102 … 121; id D (PP1 …), category E, country F, routes G … K, name L
inline constexpr int kPurchFirstRow = 102, kPurchCount = 20, kPurchCatCol = E,
                     kPurchCountryCol = F, kPurchRouteCol = G, kPurchRoutes = 5, kPurchNameCol = L;

// ---- B_EmInst --------------------------------------------------------------------------------
// (a) source streams: rows 17 … 91
inline constexpr int kStreamFirstRow = 17, kStreamCount = 75;
inline constexpr int kStMethod = D, kStName = E, kStAD = F, kStADUnit = G, kStNCV = H, kStEF = J,
                     kStEFUnit = K, kStCC = L, kStOxF = N, kStConvF = P, kStBio = R;
// (b) PFC emissions: rows 98 … 107
inline constexpr int kPfcFirstRow = 98, kPfcCount = 10;
inline constexpr int kPfcMethod = D, kPfcTech = E, kPfcAD = F, kPfcFreq = col2('A', 'G'),
                     kPfcDur = col2('A', 'H'), kPfcSef = col2('A', 'I'), kPfcAeo = col2('A', 'J'),
                     kPfcCe = col2('A', 'K'), kPfcOvc = col2('A', 'L'), kPfcF = col2('A', 'M'),
                     kPfcCollect = col2('A', 'T');
// (c) measurement-based emission sources: rows 113 … 122
inline constexpr int kMeasFirstRow = 113, kMeasCount = 10;
inline constexpr int kMeasName = D, kMeasGas = E, kMeasBio = R, kMeasConc = V, kMeasHours = X,
                     kMeasFlow = Z;

// ---- C_Emissions&Energy ------------------------------------------------------------------------
inline constexpr int kManualEmRow = 26, kManualIndirectCol = M;  // H26:M26 manual totals
inline constexpr int kFuelManualRow = 16;                        // H16:K16
inline constexpr int kQualityRow = 40, kJustificationRow = 41, kAssuranceRow = 42;  // from column H

// ---- D_Processes: one block of 65 rows per process, process k at 11 + 65 (k − 1) --------------
inline constexpr int kProcBlock = 11, kProcStride = 65;
inline constexpr int kPdRouteRow = 5, kPdRoutes = 8;  // L16:L23: production per route
inline constexpr int kPdMarketRow = 16;               // L27
inline constexpr int kPdToOtherRow = 21, kPdToOther = 9;  // L32:L40, to the other processes
inline constexpr int kPdNonCbamRow = 30;              // L41
inline constexpr int kPdFlagsRow = 39;                // K50 heat, L50 waste gas applicable
inline constexpr int kPdDirEmRow = 43;                // L54
inline constexpr int kPdHeatRow = 46;                 // K57 unit, L57 imported, M57 exported
inline constexpr int kPdHeatEfRow = 47;               // L58, M58
inline constexpr int kPdWasteRow = 50;                // L61 imported, M61 exported (TJ)
inline constexpr int kPdWasteEfRow = 51;              // L62, M62 (not used: Eq. 53/54 use EF_NG)
inline constexpr int kPdElecRow = 54;                 // L65 MWh
inline constexpr int kPdElecEfRow = 55;               // L66 tCO2/MWh
inline constexpr int kPdElecSourceRow = 56;           // L67 method (D.4 code)
inline constexpr int kPdElecExportRow = 60;           // K71 unit, L71 exported
inline constexpr int kPdElecExportEfRow = 61;         // L72
inline constexpr int proc_row(int k, int offset) { return kProcBlock + kProcStride * (k - 1) + offset; }

// ---- E_PurchPrec: one block of 44 rows per purchased precursor, k at 14 + 44 (k − 1) ----------
inline constexpr int kPurchBlock = 14, kPurchStride = 44;
inline constexpr int kPpRouteRow = 3, kPpRoutes = 8;   // L17:L24 purchased per route
inline constexpr int kPpToProcRow = 14, kPpToProc = 10;  // L28:L37 consumed per process
inline constexpr int kPpOtherRow = 24;                 // L38 other purposes
inline constexpr int kPpSeeDirRow = 35;                // L49 value, M49 basis
inline constexpr int kPpElecRow = 36;                  // L50 MWh/t, M50 basis
inline constexpr int kPpElecEfRow = 37;                // L51 tCO2/MWh, M51 method
inline constexpr int kPpJustRow = 40;                  // K54 justification for defaults
inline constexpr int purch_row(int k, int offset) { return kPurchBlock + kPurchStride * (k - 1) + offset; }

// ---- Summary_Products: rows 10 … 109 ----------------------------------------------------------
inline constexpr int kProdFirstRow = 10, kProdCount = 100;
inline constexpr int kProdProcCol = D, kProdCnCol = F, kProdNameCol = H;
inline constexpr int kProdParamFirstCol = P, kProdParamLastCol = col2('A', 'K');
inline constexpr int kProdPriceFirstCol = col2('A', 'L'), kProdPriceLastCol = col2('A', 'Z');
// the template's own formulas among those columns (embedded emissions covered, units, results)
inline constexpr bool is_product_formula_col(int c) {
  return c == col2('A', 'N') || c == col2('A', 'O') || c == col2('A', 'Q') || c == col2('A', 'S') ||
         c == col2('A', 'V') || c == col2('A', 'W') || c == col2('A', 'Y') || c == col2('A', 'Z');
}

// ---- Parameters_Constants: the goods list, rows 89 … 106 --------------------------------------
inline constexpr int kGoodsListRow = 89;
inline constexpr int kDefinitiveIndirectCol = C;  // "Indir.em relevant? (definitive)"

struct GoodsCategory {
  std::string_view label;  ///< the template's English name (CONST_LIST_Goods)
  std::string_view slug;   ///< firm format v1 category
};
inline constexpr std::array<GoodsCategory, 18> kGoods = {{
    {"Cement", "cement"},
    {"Cement clinker", "cement_clinker"},
    {"Calcined clays", "calcined_clay"},  // "Calcined clays " in the template (trailing space)
    {"Aluminous cement", "aluminous_cement"},
    {"Iron or steel products", "iron_steel_products"},
    {"Crude steel", "crude_steel"},
    {"Direct reduced iron", "dri"},
    {"Pig iron", "pig_iron"},
    {"Alloys (FeMn, FeCr, FeNi)", "ferro_alloys"},
    {"Sintered Ore", "sintered_ore"},
    {"Hydrogen", "hydrogen"},
    {"Ammonia", "ammonia"},
    {"Nitric acid", "nitric_acid"},
    {"Urea", "urea"},
    {"Mixed fertilisers", "mixed_fertilisers"},
    {"Aluminium products", "aluminium_products"},
    {"Unwrought aluminium", "unwrought_aluminium"},
    {"Electricity (export to EU)", "electricity"},
}};
// every slug is a category the firm loader accepts, and every category has its template name
constexpr bool goods_are_the_vocabulary() {
  for (const auto& g : kGoods)
    if (!model::is_goods_category(g.slug)) return false;
  for (auto c : model::kGoodsCategories) {
    bool named = false;
    for (const auto& g : kGoods) named = named || g.slug == c;
    if (!named) return false;
  }
  return true;
}
static_assert(goods_are_the_vocabulary());

// ---- drop-down lists (Parameters_Constants) ----------------------------------------------------
inline constexpr std::string_view kOnlyDirect = "Only direct production";  // CONST_OnlyDirProd
inline constexpr std::string_view kCombustion = "Combustion";              // CONST_MonitoringApproach
inline constexpr std::string_view kProcessEm = "Process emissions";
inline constexpr std::string_view kMassBalance = "Mass Balance";
inline constexpr std::string_view kSlope = "Slope method";                 // CONST_PFCSlopeOrOvervoltage
inline constexpr std::string_view kOvervoltage = "Overvoltage method";
inline constexpr std::string_view kMeasured = "Measured";                  // CONST_MeasDefaultUnknown
inline constexpr std::string_view kDefault = "Default";
inline constexpr std::string_view kUnknown = "Unknown";
inline constexpr std::array<std::string_view, 7> kElecSources = {
    "D.4(a)", "D.4(b)", "D.4.1", "D.4.2", "D.4.3.1", "D.4.3.2", "Mix"};  // CONST_ElecSource

}  // namespace greengate::exchange::layout
