// The record of what made an exported figure (issue #15): in the sidecar
// FIG.json and in the PDF's XMP, the SVG's <desc> and the PNG's text, with
// the data file's SHA-256 checked against a hash of known bytes. FIG.pdf
// and FIG.svg share FIG.json, which lists both with their bytes' hashes; a
// different figure written over it replaces the list and says so.
#include <QApplication>
#include <QFile>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>
#include <qcustomplot.h>

#include "core/io/csv/csv_importer.h"
#include "core/io/importer.h"
#include "core/model/provenance.h"
#include "ui/figure/figure_composer.h"
#include "ui/figure/figure_export.h"
#include "ui/figure/figure_provenance.h"

using namespace rs;
using namespace rs::ui;

namespace {

// Six runs in a file whose bytes are known, so its hash is too.
const char* kCsv =
    "model,method,ratio,metric,value,stderr\n"
    "m,,,piqa,0.80,0.01\n"
    "m,rtn,0.25,piqa,0.78,0.01\n"
    "m,rtn,0.5,piqa,0.70,0.01\n"
    "m,rtn,0.75,piqa,0.55,0.01\n"
    "m,magnitude,0.5,piqa,0.65,0.01\n"
    "m,magnitude,0.75,piqa,0.52,0.01\n";

// The sidecar's entry for `file` in its list of outputs.
QJsonObject outputFor(const QJsonObject& sidecar, const QString& file) {
  for (const QJsonValue& v : sidecar[QStringLiteral("outputs")].toArray())
    if (v.toObject()[QStringLiteral("file")].toString() == file) return v.toObject();
  return {};
}

QJsonObject readJson(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object();
}

}  // namespace

class TestFigureProvenance : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString csvPath_;
  std::vector<Run> runs_;

  // The record of the figure of runs_ with magnitude hidden.
  QJsonObject record(QCustomPlot& plot, const std::vector<Run>& runs) {
    FigureRequest r;
    r.runs = &runs;
    r.spec.metric = "piqa";
    setPaletteFrom(r.spec, runs);
    r.hidden = {"method:magnitude"};
    const ComposedFigure composed = composeFigure(plot, r);
    FigureOrigin origin;
    origin.command = producedBy("ratioscope-cli plot --input in.csv --metric piqa");
    origin.inputs = {csvPath_.toStdString()};
    return figureProvenance(r, composed, origin);
  }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    csvPath_ = dir_.filePath(QStringLiteral("in.csv"));
    QFile f(csvPath_);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kCsv);
    f.close();
    runs_ = importCsvFile(csvPath_.toStdString()).batch.runs;
    QCOMPARE(runs_.size(), std::size_t(6));
  }

  void hashesAFileAsSha256Does() {
    // FIPS 180-2's example: SHA-256("abc").
    const QString abc = dir_.filePath(QStringLiteral("abc.txt"));
    QFile f(abc);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("abc");
    f.close();
    QCOMPARE(fileSha256(abc.toStdString()), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(fileSha256(dir_.filePath(QStringLiteral("missing.csv")).toStdString()), std::string());
    QCOMPARE(fileSha256("postgresql://lab/runs"), std::string());
    QCOMPARE(sidecarPath(QStringLiteral("/a/fig.pdf")), QStringLiteral("/a/fig.json"));
  }

  void recordsSourcesRunsAndSettings() {
    QCustomPlot plot;
    const QJsonObject o = record(plot, runs_);
    QCOMPARE(o[QStringLiteral("ratioscope")].toString(), QString::fromStdString(ratioscopeVersion()));
    QVERIFY(o[QStringLiteral("command")].toString().startsWith(QStringLiteral("ratioscope-cli plot --input in.csv")));
    const QString hash = QString::fromStdString(fileSha256(csvPath_.toStdString()));
    const QJsonArray sources = o[QStringLiteral("sources")].toArray();
    QCOMPARE(sources.size(), 2);  // the input as opened, and the file the runs were read from
    QCOMPARE(sources[0].toObject()[QStringLiteral("role")].toString(), QStringLiteral("input"));
    QCOMPARE(sources[0].toObject()[QStringLiteral("sha256")].toString(), hash);
    QCOMPARE(sources[1].toObject()[QStringLiteral("sha256")].toString(), hash);  // the reader's own hash agrees
    QCOMPARE(sources[1].toObject()[QStringLiteral("runs")].toInt(), 4);  // the runs drawn: dense and rtn
    // The runs behind visible points only: magnitude is hidden.
    const QJsonArray runs = o[QStringLiteral("runs")].toArray();
    QCOMPARE(runs.size(), 4);
    for (const QJsonValue& v : runs) QVERIFY(!v.toObject()[QStringLiteral("series")].toString().contains(QStringLiteral("magnitude")));
    const QJsonObject figure = o[QStringLiteral("figure")].toObject();
    QCOMPARE(figure[QStringLiteral("metric")].toString(), QStringLiteral("piqa"));
    QCOMPARE(figure[QStringLiteral("axis")].toString(), QStringLiteral("ratio"));
    QCOMPARE(figure[QStringLiteral("hidden")].toArray(), QJsonArray{QStringLiteral("method:magnitude")});
    QVERIFY(!o.contains(QStringLiteral("fit")));  // none was drawn
  }

  void writesTheRecordIntoEveryFormatAndBesideIt() {
    QCustomPlot plot;
    const QJsonObject o = record(plot, runs_);
    for (const char* suffix : {"pdf", "svg", "png"}) {
      const QString path = dir_.filePath(QStringLiteral("fig.%1").arg(QLatin1String(suffix)));
      QCOMPARE(QString::fromStdString(exportFigure(plot, path, {85, 60, 150}, o)), QString());
      const QJsonObject sidecar = readJson(dir_.filePath(QStringLiteral("fig.json")));
      QCOMPARE(sidecar[QStringLiteral("sources")], o[QStringLiteral("sources")]);
      QCOMPARE(sidecar[QStringLiteral("runs")], o[QStringLiteral("runs")]);
      // fig.pdf, fig.svg and fig.png share fig.json: it lists each, with its bytes' hash.
      const QJsonObject exported = outputFor(sidecar, QStringLiteral("fig.%1").arg(QLatin1String(suffix)));
      QCOMPARE(exported[QStringLiteral("format")].toString(), QLatin1String(suffix));
      QCOMPARE(exported[QStringLiteral("width_mm")].toDouble(), 85.0);
      QCOMPARE(exported[QStringLiteral("sha256")].toString(), QString::fromStdString(fileSha256(path.toStdString())));
      QVERIFY(!exported[QStringLiteral("created")].toString().isEmpty());
      QCOMPARE(exported[QStringLiteral("command")], o[QStringLiteral("command")]);
      // The file's own metadata holds the same record.
      QJsonObject embedded;
      QFile file(path);
      QVERIFY(file.open(QIODevice::ReadOnly));
      const QByteArray bytes = file.readAll();
      if (QLatin1String(suffix) == QLatin1String("pdf")) {
        const qsizetype from = bytes.indexOf("<dc:description>");
        QVERIFY2(from >= 0, "no XMP description in the PDF");
        const qsizetype open = bytes.indexOf("<rdf:li xml:lang=\"x-default\">", from);
        const qsizetype close = bytes.indexOf("</rdf:li>", open);
        QXmlStreamReader xml(bytes.mid(open, close + 9 - open));
        xml.setNamespaceProcessing(false);  // the rdf: prefix is declared further up
        while (!xml.atEnd() && xml.name() != QLatin1String("li")) xml.readNext();
        embedded = QJsonDocument::fromJson(xml.readElementText().toUtf8()).object();
        QVERIFY(bytes.contains("/Title"));
        QVERIFY(bytes.contains(QByteArray::fromStdString("<pdf:Keywords>Ratioscope; sha256:" + fileSha256(csvPath_.toStdString()) + " ")));
      } else if (QLatin1String(suffix) == QLatin1String("svg")) {
        QXmlStreamReader xml(bytes);
        while (!xml.atEnd() && xml.name() != QLatin1String("desc")) xml.readNext();
        embedded = QJsonDocument::fromJson(xml.readElementText().toUtf8()).object();
        QVERIFY(bytes.contains("<title>Ratioscope figure: piqa against ratio</title>"));
      } else {
        QImageReader png(path);
        embedded = QJsonDocument::fromJson(png.text(QStringLiteral("Description")).toUtf8()).object();
        QCOMPARE(png.text(QStringLiteral("Title")), QStringLiteral("Ratioscope figure: piqa against ratio"));
      }
      // The file's own record names the file; the sidecar lists the outputs.
      QCOMPARE(embedded[QStringLiteral("export")].toObject()[QStringLiteral("file")].toString(), exported[QStringLiteral("file")].toString());
      QCOMPARE(embedded[QStringLiteral("created")], exported[QStringLiteral("created")]);
      for (const char* key : {"export", "created"}) embedded.remove(QLatin1String(key));
      QJsonObject shared = sidecar;
      shared.remove(QStringLiteral("outputs"));
      QCOMPARE(embedded, shared);
    }
    QStringList files;
    for (const QJsonValue& v : readJson(dir_.filePath(QStringLiteral("fig.json")))[QStringLiteral("outputs")].toArray())
      files << v.toObject()[QStringLiteral("file")].toString();
    QCOMPARE(files, (QStringList{QStringLiteral("fig.pdf"), QStringLiteral("fig.png"), QStringLiteral("fig.svg")}));
  }

  void anotherFigureReplacesTheSidecarAndSaysSo() {
    QCustomPlot plot;
    const QJsonObject first = record(plot, runs_);
    QJsonObject other = first;  // another figure: another metric drawn
    other[QStringLiteral("figure")] = QJsonObject{{QStringLiteral("metric"), QStringLiteral("loss")}};
    std::string warning = "stale";
    QCOMPARE(QString::fromStdString(exportFigure(plot, dir_.filePath(QStringLiteral("two.pdf")), {85, 60, 300}, first, &warning)), QString());
    QCOMPARE(warning, std::string());
    QCOMPARE(QString::fromStdString(exportFigure(plot, dir_.filePath(QStringLiteral("two.svg")), {85, 60, 300}, first, &warning)), QString());
    QCOMPARE(warning, std::string());  // the same figure: listed together
    QCOMPARE(readJson(dir_.filePath(QStringLiteral("two.json")))[QStringLiteral("outputs")].toArray().size(), 2);
    QCOMPARE(QString::fromStdString(exportFigure(plot, dir_.filePath(QStringLiteral("two.png")), {85, 60, 150}, other, &warning)), QString());
    QCOMPARE(QString::fromStdString(warning), QStringLiteral("two.json described another figure or table (two.pdf, two.svg); it now describes two.png only"));
    const QJsonObject sidecar = readJson(dir_.filePath(QStringLiteral("two.json")));
    QCOMPARE(sidecar[QStringLiteral("outputs")].toArray().size(), 1);
    QCOMPARE(outputFor(sidecar, QStringLiteral("two.png"))[QStringLiteral("format")].toString(), QStringLiteral("png"));
    QCOMPARE(sidecar[QStringLiteral("figure")], other[QStringLiteral("figure")]);
  }

  void anOutputChangedSinceIsNoLongerListed() {
    QCustomPlot plot;
    const QJsonObject o = record(plot, runs_);
    std::string warning;
    QCOMPARE(QString::fromStdString(exportFigure(plot, dir_.filePath(QStringLiteral("three.pdf")), {85, 60, 300}, o, &warning)), QString());
    QFile pdf(dir_.filePath(QStringLiteral("three.pdf")));
    QVERIFY(pdf.open(QIODevice::Append));  // edited by another program since
    pdf.write("%%\n");
    pdf.close();
    QCOMPARE(QString::fromStdString(exportFigure(plot, dir_.filePath(QStringLiteral("three.svg")), {85, 60, 300}, o, &warning)), QString());
    QCOMPARE(QString::fromStdString(warning), QStringLiteral("three.json: three.pdf changed or gone since it was written; no longer listed"));
    QCOMPARE(readJson(dir_.filePath(QStringLiteral("three.json")))[QStringLiteral("outputs")].toArray().size(), 1);
    // A file of that name that is not a figure record is replaced, and said so.
    QFile foreign(dir_.filePath(QStringLiteral("four.json")));
    QVERIFY(foreign.open(QIODevice::WriteOnly));
    foreign.write("my notes");
    foreign.close();
    QCOMPARE(QString::fromStdString(exportFigure(plot, dir_.filePath(QStringLiteral("four.svg")), {85, 60, 300}, o, &warning)), QString());
    QCOMPARE(QString::fromStdString(warning), QStringLiteral("four.json described another figure or table; it now describes four.svg only"));
  }

  void aSidecarThatCannotBeWrittenIsReported() {
    // fig2.json is a folder: the figure is written, its record cannot be.
    QVERIFY(QDir(dir_.path()).mkdir(QStringLiteral("fig2.json")));
    QCustomPlot plot;
    const QJsonObject o = record(plot, runs_);
    const std::string why = exportFigure(plot, dir_.filePath(QStringLiteral("fig2.svg")), {85, 60, 300}, o);
    QVERIFY2(why.find("fig2.json: cannot write the record of what made it") != std::string::npos, why.c_str());
  }

  void noRecordNoSidecar() {
    QCustomPlot plot;
    record(plot, runs_);
    QCOMPARE(QString::fromStdString(exportFigure(plot, dir_.filePath(QStringLiteral("bare.svg")), {85, 60, 300})), QString());
    QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("bare.json"))));
  }
};

QTEST_MAIN(TestFigureProvenance)
#include "test_figure_provenance.moc"
