#pragma once
// A table's provenance (provenance.h) as JSON: the `provenance` object of
// `ratioscope-cli fit --format json` and the body of a table's sidecar
// (TABLE.tex -> TABLE.json), in the shape a figure's record has
// (ui/figure/figure_provenance.h): ratioscope, command, sources (role input
// or runs, sha256), runs (id, key), and the settings by name ("fit options"
// -> "fit_options"). Qt Core, apart so rs_model stays plain C++.

#include <QJsonObject>

#include "core/model/provenance.h"

namespace rs {

QJsonObject provenanceToJson(const TableProvenance& provenance);

}  // namespace rs
