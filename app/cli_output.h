#pragma once
// Where a command's result goes: stdout, or `--out FILE`, with the record of
// what made it beside the file (FILE.tex -> FILE.json, as a figure's), so a
// table written for a paper keeps its provenance even as CSV, which has no
// comments to carry it.

#include <QCommandLineParser>
#include <QJsonObject>
#include <string>

#include "app/cli_support.h"

namespace rs::cli {

// --out FILE.
void addOutOption(QCommandLineParser& parser);
// Checks --out before any work: a table or text written to FILE.json would
// be overwritten by its own sidecar. Returns 0 or an exit code (2).
int checkOut(const QCommandLineParser& parser, const OutputFormat& format, const char* command);
// Writes `text` to stdout, or to --out's file (whole or not at all) and the
// `provenance` record beside it (none for JSON, which holds its own).
// Returns 0 or an exit code with the message printed.
int writeResult(const QCommandLineParser& parser, const char* command, const std::string& text, const OutputFormat& format,
                const QJsonObject& provenance);

}  // namespace rs::cli
