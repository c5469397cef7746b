#pragma once
// Money (STYLE.md P10): not a Boost.Units quantity but a small strong type, euro only, so that a
// price can never be added to an emission and euros are never mixed with another currency.

namespace greengate::units {

struct Eur {
  double amount = 0;  ///< euros
  Eur& operator+=(Eur o) {
    amount += o.amount;
    return *this;
  }
  friend Eur operator+(Eur a, Eur b) { return Eur{a.amount + b.amount}; }
  friend Eur operator-(Eur a, Eur b) { return Eur{a.amount - b.amount}; }
  friend Eur operator*(Eur a, double k) { return Eur{a.amount * k}; }
};

/// A certificate (carbon) price: euros per tonne of CO2e.
struct EurPerTco2e {
  double amount = 0;
};

inline double in_eur(Eur e) { return e.amount; }
inline double in_eur_per_tco2e(EurPerTco2e p) { return p.amount; }

}  // namespace greengate::units
