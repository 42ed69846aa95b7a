#pragma once
// The steps `plot` and `render` share: fit a law to the plotted runs as the
// fit panel does, then compose the figure, write it with its provenance and
// say what it leaves out.

#include <QCommandLineParser>
#include <QString>
#include <memory>
#include <set>
#include <vector>

#include "core/fit/fitter.h"
#include "ui/figure/figure_composer.h"
#include "ui/figure/figure_export.h"
#include "ui/figure/figure_provenance.h"

class QCustomPlot;

namespace rs::cli {

// The figure file options `plot` and `render` share: --describe, --out,
// --width-mm, --height-mm, --dpi.
void addFigureFileOptions(QCommandLineParser& parser);
// Reads the size and resolution into `options` and checks them; returns 0
// or the exit code (2, the message printed as "COMMAND: why").
int readExportOptions(const QCommandLineParser& parser, const char* command, ui::ExportOptions& options);

// Fits `law` to `runs` (`all` anchors the dense points), leaving `excluded`
// out; sets request.fit to `fitted`. Returns 0 or the exit code (the
// message printed). With `drawWithoutFit` (render: a saved fit), no series
// fitting is a note and the figure goes on without a fit.
int fitPlotted(const std::shared_ptr<const laws::Law>& law, const std::vector<Run>& runs, const std::vector<Run>& all, bool perSeries,
               const fit::FitOptions& options, const std::set<qint64>& excluded, ui::FigureRequest& request, ui::FitOutcome& fitted, const char* command,
               bool drawWithoutFit = false);

// Composes `request` into `plot`, writes `out` with the record of `origin`,
// prints the figure's items with `describe`, and notes what it leaves out.
int writeFigure(QCustomPlot& plot, const ui::FigureRequest& request, const QString& out, const ui::ExportOptions& options,
                const ui::FigureOrigin& origin, bool describe, const char* command);

}  // namespace rs::cli
