#pragma once

#include <QList>
#include <QPointer>
#include <QVector>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QCPGraph;
class QCPItemStraightLine;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QSlider;
class QTimer;
class QToolButton;

namespace fieldbench {

class RunMonitor;

// Live plot of one group of metrics (loss and its parts, codebook perplexity per group,
// learning rate, dev error rates per language...) of one or more runs, overlaid in distinct
// colours. QCustomPlot with adaptive sampling draws 1,000,000 points a curve; points are
// added incrementally as the runs' monitors report them (never re-read), and redraws are
// coalesced to at most ten a second.
//
// Each curve is drawn twice: the raw points faintly, and an exponential moving average
// (debiased, as TensorBoard's) on top; the smoothing slider sets its weight. Log scale, x
// axis by step / time / epoch, hover read-out, zoom (wheel) and pan (drag; double-click
// fits again), export as PNG, PDF or CSV. GUI thread only.
class RunPlot : public QWidget
{
    Q_OBJECT

public:
    enum XAxis { StepAxis, TimeAxis, EpochAxis };

    explicit RunPlot(QWidget *parent = nullptr);
    ~RunPlot() override;

    // Group ids in menu order and their titles.
    static QStringList groupIds();
    static QString groupTitle(const QString &id);
    // True when series `key` belongs to group `id`.
    static bool inGroup(const QString &id, const QString &key);

    void setRuns(const QList<RunMonitor *> &runs);
    QList<RunMonitor *> runs() const;
    void setGroup(const QString &id);
    QString group() const { return m_group; }
    void setSmoothing(double weight); // 0 (none) .. 0.999
    double smoothing() const { return m_smoothing; }
    void setLogScale(bool on);
    bool logScale() const { return m_log; }
    void setXAxis(XAxis axis);
    XAxis xAxis() const { return m_xAxis; }

    QCustomPlot *plot() const { return m_plot; }
    int curveCount() const { return int(m_curves.size()); }
    // The raw points plotted for `key` of `run` (x by the current axis), for tests.
    QVector<QPointF> plottedPoints(const RunMonitor *run, const QString &key) const;
    QVector<QPointF> smoothedPoints(const RunMonitor *run, const QString &key) const;

    // The read-out for x (plot coordinates), as the hover label shows it.
    QString readoutAt(double x) const;
    QString readoutText() const;

    bool exportPng(const QString &file) const;
    bool exportPdf(const QString &file) const;
    // One row per point of every curve: run, series, step, time, epoch, value, smoothed.
    bool exportCsv(const QString &file, QString *error = nullptr) const;

    // Redraws now (normally coalesced); for tests and screenshots.
    void replotNow();
    void fit();

signals:
    void groupChanged(const QString &id);

private:
    struct Curve
    {
        QPointer<RunMonitor> run;
        QString key;
        int series = -1;        // index in run->seriesKeys()
        QCPGraph *raw = nullptr;
        QCPGraph *smooth = nullptr;
        int plotted = 0;        // points of the series already in the graphs
        double ema = 0;
        int emaCount = 0;
        double xMin = 0, xMax = 0, yMin = 0, yMax = 0, yMinPositive = 0;
        bool hasRange = false;
    };

    void rebuild();
    void addCurvesFor(RunMonitor *run);
    void appendPoints(Curve &curve);
    void onAppended(RunMonitor *run);
    void scheduleReplot();
    void applyRanges();
    void styleCurve(Curve &curve, int runIndex, int keyIndex, int keysInGroup);
    const QVector<double> &xColumn(const RunMonitor *run, int series) const;
    void onMouseMove(QMouseEvent *event);
    static QString formatSeconds(double seconds);
    void updateEmptyText();

    QCustomPlot *m_plot;
    QComboBox *m_groupBox;
    QComboBox *m_axisBox;
    QSlider *m_smoothSlider;
    QLabel *m_smoothLabel;
    QCheckBox *m_logBox;
    QToolButton *m_fitButton;
    QToolButton *m_exportButton;
    QLabel *m_readout;
    QCPItemStraightLine *m_cursor = nullptr;
    QTimer *m_replotTimer;

    QList<QPointer<RunMonitor>> m_runs;
    std::vector<Curve> m_curves;
    QString m_group = QStringLiteral("loss");
    double m_smoothing = 0.6;
    bool m_log = false;
    XAxis m_xAxis = StepAxis;
    bool m_userRange = false; // zoomed or panned: stop following the data
    double m_hoverX = qQNaN();
};

} // namespace fieldbench
