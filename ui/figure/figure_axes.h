#pragma once
// A figure's axes at print sizes: fonts, pens and grid scaled by `k` (1 on
// paper, larger on screen), and on a log axis the labels people write for
// model sizes (500M, 1.5B) with 1-2-5 ticks over short ranges.

class QCPAxis;

namespace rs::ui {

void styleAxis(QCPAxis* axis, bool log, double k);

}  // namespace rs::ui
