#pragma once

#include <QWidget>

#include "fieldbench/analysis/codebookanalysis.h"

#include <memory>

class QComboBox;
class QCPColorMap;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListView;
class QMouseEvent;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QTabWidget;
class QTableView;
class QTextBrowser;

namespace fieldbench {

class AudioOutput;
class CodebookController;
class SharedUnitsModel;
class UnitExamplesModel;

// The codebook-sharing analysis page: choose a model folder and languages, run the
// analysis off the GUI thread (CodebookController; progress bar, Cancel), or open a
// report.json that `fieldbench-cli analyze codebook` wrote; then see the language x
// language heatmap (cosine / Jensen-Shannon / shared frames, values on hover), the
// dendrogram, the 2-D projection, per-language code-usage histograms, the shared-units
// table with playable example stretches, and the agreement with CLDR's families.
//
// GUI thread only. Owns its controller (whose destructor stops a running analysis) and
// its audio output.
class CodebookPage : public QWidget
{
    Q_OBJECT

public:
    enum Metric { CosineMetric, JensenShannonMetric, SharedFramesMetric };

    explicit CodebookPage(QWidget *parent = nullptr);
    ~CodebookPage() override;

    // The project whose languages are listed and whose audio is analysed and played.
    // Empty: none (Run is disabled; an opened report still shows).
    void setProjectDir(const QString &dir);
    QString projectDir() const { return m_projectDir; }
    void setModelDir(const QString &dir);

    // Starts an analysis of the checked languages with the settings on the page. Returns
    // false (and says why in the status line) when it cannot start.
    bool run();
    void cancel();
    // Shows a report (from a run or a file).
    void setReport(std::shared_ptr<const CodebookReport> report);
    // Reads a report.json; on failure shows why in the status line and returns false.
    bool openReport(const QString &reportJson);
    std::shared_ptr<const CodebookReport> report() const { return m_report; }

    // Which tab shows: 0 overview, 1 shared units, 2 genealogy.
    void setCurrentTab(int index);
    void setMetric(Metric metric);
    // Plays the example in row `row` of the examples table of the selected shared unit.
    void playExample(int row);
    void selectSharedUnit(int row);

    // For tests and tooling.
    CodebookController *controller() const { return m_controller; }
    QCustomPlot *heatmap() const { return m_heatmap; }
    QCPColorMap *colorMap() const { return m_colorMap; }
    QCustomPlot *dendrogram() const { return m_dendrogram; }
    QCustomPlot *projection() const { return m_projection; }
    QCustomPlot *usagePlot() const { return m_usage; }
    SharedUnitsModel *sharedUnitsModel() const { return m_unitsModel; }
    UnitExamplesModel *examplesModel() const { return m_examplesModel; }
    QStandardItemModel *languageModel() const { return m_languages; }
    QString statusText() const;
    QString hoverText() const;
    QString genealogySummary() const;
    // The text shown when hovering heatmap cell (row, column) in display order.
    QString cellText(int row, int column) const;

signals:
    void reportShown();

private:
    QWidget *createControls();
    QWidget *createOverview();
    QWidget *createSharedUnits();
    void reloadLanguages();
    void updateActions();
    void showHeatmap();
    void showDendrogram();
    void showProjection();
    void showUsage();
    void showGenealogy();
    void onHeatmapHover(QMouseEvent *event);
    void onProgress(double done, double total, const QString &language);
    void onFinished();
    void onFailed(const QString &message);
    void setStatus(const QString &text);
    int displayIndex(int k) const; // language index shown at display position k

    QString m_projectDir;
    std::shared_ptr<const CodebookReport> m_report;
    CodebookController *m_controller;
    std::unique_ptr<AudioOutput> m_output; // created on first play

    QLineEdit *m_model;
    QStandardItemModel *m_languages;
    QListView *m_languageView;
    QDoubleSpinBox *m_seconds;
    QSpinBox *m_seed;
    QComboBox *m_clusterMetric;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QPushButton *m_open;
    QProgressBar *m_progress;
    QLabel *m_status;
    QLabel *m_genealogyLabel;

    QTabWidget *m_tabs;
    QComboBox *m_metric;
    QCustomPlot *m_heatmap;
    QCPColorMap *m_colorMap = nullptr;
    QLabel *m_hover;
    QCustomPlot *m_dendrogram;
    QCustomPlot *m_projection;
    QComboBox *m_usageLanguage;
    QCustomPlot *m_usage;
    SharedUnitsModel *m_unitsModel;
    QTableView *m_unitsView;
    UnitExamplesModel *m_examplesModel;
    QTableView *m_examplesView;
    QPushButton *m_play;
    QTextBrowser *m_genealogy;
};

} // namespace fieldbench
