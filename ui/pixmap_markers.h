#pragma once
// Markers as stamped pixmaps: QCustomPlot strokes every scatter symbol as a
// path, which for thousands of points is most of a repaint. A figure with
// many points on screen gets each graph's symbol rendered once (antialiased,
// in its own pen and brush) and blitted per point, which looks the same and
// paints many times faster. Exports keep the vector symbols.

class QCustomPlot;

namespace rs::ui {

// Replaces the scatter symbols of `plot`'s graphs that hold data by pixmaps
// of themselves (at the device pixel ratio of the plot).
void usePixmapMarkers(QCustomPlot& plot);

}  // namespace rs::ui
