// The columns of a legend below the axes: as many as fit the page width with
// every entry whole, each as wide as its widest entry; known answers for
// known entry sizes.
#include <QTest>

#include "ui/figure/legend_grid.h"

using rs::ui::fitLegendGrid;
using rs::ui::LegendGrid;

class TestLegendGrid : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void fitsAsManyColumnsAsTheWidthHolds() {
    // 9 entries 70 px wide, 8 px apart: 3 columns need 226 px, 4 need 304.
    const std::vector<QSize> items(9, QSize(70, 10));
    const LegendGrid g = fitLegendGrid(items, 300, 8, 0);
    QCOMPARE(g.columns, 3);
    QCOMPARE(g.rows, 3);
    QCOMPARE(g.width, 226);
    QCOMPARE(g.height, 30);
    QCOMPARE(fitLegendGrid(items, 304, 8, 0).columns, 3);  // 9 in rows of 3 still: no empty column
    QCOMPARE(fitLegendGrid(items, 382, 8, 0).columns, 5);  // 2 rows of 5 and 4
    QCOMPARE(fitLegendGrid(items, 382, 8, 0).rows, 2);
  }
  void aLongEntryWidensOnlyItsColumn() {
    // One long name ("magnitude+rft · 12.8k tokens") among short ones.
    std::vector<QSize> items(5, QSize(30, 9));
    items[2] = QSize(150, 9);
    QCOMPARE(fitLegendGrid(items, 310, 10, -1).rows, 1);  // 4 x 30 + 150 + 4 x 10 = 310: one row
    const LegendGrid g = fitLegendGrid(items, 300, 10, -1);
    // Two rows: columns {30, 30}, {150, 30}, {30}: 30 + 150 + 30 + 2 x 10 = 230.
    QCOMPARE(g.rows, 2);
    QCOMPARE(g.columns, 3);
    QCOMPARE(g.width, 230);
    QCOMPARE(g.height, 2 * 9 - 1);
  }
  void anEntryWiderThanThePageStillGetsAColumn() {
    const LegendGrid g = fitLegendGrid({QSize(400, 9), QSize(20, 9)}, 300, 8, 0);
    QCOMPARE(g.columns, 1);
    QCOMPARE(g.rows, 2);
  }
  void noEntriesNoGrid() { QCOMPARE(fitLegendGrid({}, 300, 8, 0).rows, 0); }
};

QTEST_APPLESS_MAIN(TestLegendGrid)
#include "test_legend_grid.moc"
