// Law::invert (core/laws/law.h): the laws that can be solved for their
// first variable, checked against the algebra done by hand and by round
// trips through predict(); the laws that cannot say so.
#include <QtTest>
#include <cmath>

#include "core/laws/catalogue.h"

using namespace rs;

namespace {
// Fitted-space θ from reported values: A = e^a for the Exp parameters.
std::vector<double> fittedTheta(const laws::Law& law, const std::vector<double>& reported) {
  std::vector<double> theta;
  for (std::size_t i = 0; i < reported.size(); ++i)
    theta.push_back(law.info().params[i].transform == laws::Transform::Exp ? std::log(reported[i]) : reported[i]);
  return theta;
}
bool near(double a, double b, double rel = 1e-12) { return std::fabs(a - b) <= rel * std::max(std::fabs(a), std::fabs(b)); }
}  // namespace

class TestLawInvert : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void chinchillaAgainstTheAlgebra() {
    // L = E + A/N^α + B/D^β with Hoffmann et al.'s fit: E 1.69, A 406.4, B 410.7, α 0.34, β 0.28.
    const auto law = laws::findLaw("chinchilla");
    QVERIFY(law->canInvert());
    const auto theta = fittedTheta(*law, {406.4, 410.7, 1.69, 0.34, 0.28});
    const double d = 1.4e12, loss = 2.0;
    // By hand: N = (A / (L − E − B/D^β))^(1/α).
    const double rest = loss - 1.69 - 410.7 / std::pow(d, 0.28);
    const double expected = std::pow(406.4 / rest, 1 / 0.34);
    const double x[laws::kMaxVariables] = {0, d, 0, 0};
    const auto n = law->invert(theta.data(), loss, x);
    QVERIFY(n.reachable);
    QVERIFY2(near(n.value, expected), qPrintable(QString::number(n.value)));
    // Round trip: the law predicts the loss back at the N it gave.
    const double at[laws::kMaxVariables] = {n.value, d, 0, 0};
    QVERIFY(near(law->predict(theta.data(), at), loss, 1e-10));
  }

  void chinchillaRoundTripsOverSizes() {
    const auto law = laws::findLaw("chinchilla");
    const auto theta = fittedTheta(*law, {406.4, 410.7, 1.69, 0.34, 0.28});
    for (double n : {1e7, 7e7, 1e9, 7e10}) {
      const double at[laws::kMaxVariables] = {n, 2e11, 0, 0};
      const auto back = law->invert(theta.data(), law->predict(theta.data(), at), at);
      QVERIFY(back.reachable);
      QVERIFY2(near(back.value, n, 1e-8), qPrintable(QString::number(back.value)));
    }
  }

  void chinchillaBelowItsFloorIsOutOfReach() {
    // At D = 1e10 the floor is E + B/D^β = 1.69 + 410.7/1e10^0.28 = 2.0746…: a loss of 2.0 needs N = ∞.
    const auto law = laws::findLaw("chinchilla");
    const auto theta = fittedTheta(*law, {406.4, 410.7, 1.69, 0.34, 0.28});
    const double x[laws::kMaxVariables] = {0, 1e10, 0, 0};
    QVERIFY(1.69 + 410.7 / std::pow(1e10, 0.28) > 2.0);
    QVERIFY(!law->invert(theta.data(), 2.0, x).reachable);
    QVERIFY(!law->invert(theta.data(), 1.5, x).reachable);  // below E itself
  }

  void kaplanNDAgainstTheAlgebra() {
    // Kaplan et al.'s Table 5: N_c 6.4e13, D_c 1.8e13, α_N 0.076, α_D 0.095.
    const auto law = laws::findLaw("kaplan-nd");
    QVERIFY(law->canInvert());
    const auto theta = fittedTheta(*law, {6.4e13, 1.8e13, 0.076, 0.095});
    const double d = 3e11, loss = 2.6;
    const double expected = 6.4e13 / std::pow(std::pow(loss, 1 / 0.095) - 1.8e13 / d, 0.095 / 0.076);
    const double x[laws::kMaxVariables] = {0, d, 0, 0};
    const auto n = law->invert(theta.data(), loss, x);
    QVERIFY(n.reachable);
    QVERIFY2(near(n.value, expected), qPrintable(QString::number(n.value)));
    const double at[laws::kMaxVariables] = {n.value, d, 0, 0};
    QVERIFY(near(law->predict(theta.data(), at), loss, 1e-10));
    // The data term alone is (D_c/D)^α_D = 60^0.095 = 1.4758…: a lower loss is out of reach.
    QVERIFY(!law->invert(theta.data(), 1.4, x).reachable);
  }

  void powerAgainstTheAlgebra() {
    // y = 1.5 + 20·x^−0.3: at y = 2.5, x = (1/20)^(−1/0.3) = 20^(10/3) = 21,715.34…
    const auto law = laws::findLaw("power");
    QVERIFY(law->canInvert());
    const std::vector<double> theta{1.5, 20, -0.3};
    const double x[laws::kMaxVariables] = {0, 0, 0, 0};
    const auto n = law->invert(theta.data(), 2.5, x);
    QVERIFY(n.reachable);
    QVERIFY(near(n.value, std::pow(20.0, 10.0 / 3.0)));
    QVERIFY(std::fabs(n.value - 21715.34) < 0.01);
    const double at[laws::kMaxVariables] = {n.value, 0, 0, 0};
    QVERIFY(near(law->predict(theta.data(), at), 2.5, 1e-12));
    QVERIFY(!law->invert(theta.data(), 1.4, x).reachable);  // below the asymptote a = 1.5
  }

  void lawsWithoutAnInverseSaySo() {
    // Laws not solved for their first variable answer "unsupported", never a number.
    for (const char* id : {"kaplan-d", "compression", "logistic", "segmented", "gadre-downstream"}) {
      const auto law = laws::findLaw(id);
      QVERIFY2(law, id);
      QVERIFY2(!law->canInvert(), id);
      const std::vector<double> theta(static_cast<std::size_t>(law->parameterCount()), 1.0);
      const double x[laws::kMaxVariables] = {1, 1, 1, 1};
      QVERIFY(!law->invert(theta.data(), 1.0, x).reachable);
    }
  }

  void theCatalogueListsTheInvertibleLaws() {
    QCOMPARE(laws::invertibleLawIds(), (std::vector<std::string>{"chinchilla", "kaplan-nd", "power"}));
    QCOMPARE(laws::invertibleLaws(), std::string("chinchilla, kaplan-nd or power"));
  }
};

QTEST_APPLESS_MAIN(TestLawInvert)
#include "test_law_invert.moc"
