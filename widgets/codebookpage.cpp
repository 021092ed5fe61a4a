#include "codebookpage.h"

#include "codebookcontroller.h"
#include "convert.h"
#include "sharedunitsmodel.h"
#include "unitexamplesmodel.h"

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/audio/audiooutput.h"
#include "fieldbench/corpus/project.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolTip>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <cmath>

namespace fieldbench {

namespace {

constexpr int kCodeRole = Qt::UserRole + 1;

QCPColorGradient viridisGradient()
{
    QCPColorGradient g;
    g.clearColorStops();
    const QColor stops[] = {QColor(68, 1, 84),    QColor(71, 44, 122),  QColor(59, 81, 139),
                            QColor(44, 113, 142), QColor(33, 144, 141), QColor(39, 173, 129),
                            QColor(92, 200, 99),  QColor(170, 220, 50), QColor(253, 231, 37)};
    for (int k = 0; k < 9; ++k)
        g.setColorStopAt(k / 8.0, stops[k]);
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    return g;
}

QCustomPlot *newPlot(QWidget *parent, const QString &name)
{
    auto *plot = new QCustomPlot(parent);
    plot->setObjectName(name);
    plot->setMinimumSize(260, 220);
    return plot;
}

void titlePlot(QCustomPlot *plot, const QString &title)
{
    if (plot->plotLayout()->rowCount() == 1 || !qobject_cast<QCPTextElement *>(plot->plotLayout()->element(0, 0))) {
        plot->plotLayout()->insertRow(0);
        plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, title, QFont(plot->font().family(), 10, QFont::Bold)));
    } else {
        static_cast<QCPTextElement *>(plot->plotLayout()->element(0, 0))->setText(title);
    }
}

} // namespace

CodebookPage::CodebookPage(QWidget *parent)
    : QWidget(parent)
    , m_controller(new CodebookController(this))
    , m_languages(new QStandardItemModel(this))
    , m_unitsModel(new SharedUnitsModel(this))
    , m_examplesModel(new UnitExamplesModel(this))
{
    setObjectName(QStringLiteral("codebookPage"));
    setWindowTitle(tr("Codebook Sharing"));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(createControls());
    m_tabs = new QTabWidget(splitter);
    m_tabs->setObjectName(QStringLiteral("codebookTabs"));
    m_tabs->addTab(createOverview(), tr("Overview"));
    m_tabs->addTab(createSharedUnits(), tr("Shared Units"));
    m_genealogy = new QTextBrowser(m_tabs);
    m_genealogy->setObjectName(QStringLiteral("genealogyText"));
    m_tabs->addTab(m_genealogy, tr("Genealogy"));
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({300, 1200});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(splitter);

    connect(m_controller, &CodebookController::progress, this, &CodebookPage::onProgress);
    connect(m_controller, &CodebookController::finished, this, &CodebookPage::onFinished);
    connect(m_controller, &CodebookController::failed, this, &CodebookPage::onFailed);
    connect(m_controller, &CodebookController::cancelled, this, [this] {
        setStatus(tr("Cancelled."));
        updateActions();
    });
    updateActions();
    setStatus(tr("Choose a pre-training model folder and languages, then Run; or open a report.json."));
}

CodebookPage::~CodebookPage()
{
    if (m_output)
        m_output->stop();
}

QWidget *CodebookPage::createControls()
{
    auto *box = new QWidget(this);
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);

    auto *form = new QFormLayout;
    auto *modelRow = new QHBoxLayout;
    m_model = new QLineEdit(box);
    m_model->setObjectName(QStringLiteral("modelDir"));
    m_model->setPlaceholderText(tr("wav2vec 2.0 folder with a quantizer"));
    auto *browse = new QPushButton(tr("\u2026"), box);
    browse->setToolTip(tr("Choose the model folder"));
    browse->setMaximumWidth(32);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Model Folder"), m_model->text());
        if (!dir.isEmpty())
            setModelDir(dir);
    });
    connect(m_model, &QLineEdit::textChanged, this, &CodebookPage::updateActions);
    modelRow->addWidget(m_model);
    modelRow->addWidget(browse);
    form->addRow(tr("Model:"), modelRow);

    m_seconds = new QDoubleSpinBox(box);
    m_seconds->setObjectName(QStringLiteral("secondsPerLanguage"));
    m_seconds->setRange(0, 360000);
    m_seconds->setDecimals(0);
    m_seconds->setSuffix(tr(" s"));
    m_seconds->setSpecialValueText(tr("smallest language's total"));
    m_seconds->setValue(CodebookAnalysisConfig().secondsPerLanguage);
    m_seconds->setToolTip(tr("Audio sampled per language, the same for each (0: as much as the smallest has)"));
    form->addRow(tr("Per language:"), m_seconds);
    m_seed = new QSpinBox(box);
    m_seed->setRange(0, 1000000);
    m_seed->setValue(int(CodebookAnalysisConfig().seed));
    form->addRow(tr("Seed:"), m_seed);
    m_clusterMetric = new QComboBox(box);
    m_clusterMetric->addItem(tr("Jensen-Shannon"), QStringLiteral("js"));
    m_clusterMetric->addItem(tr("1 - cosine"), QStringLiteral("cosine"));
    form->addRow(tr("Cluster by:"), m_clusterMetric);
    v->addLayout(form);

    v->addWidget(new QLabel(tr("Languages:"), box));
    m_languageView = new QListView(box);
    m_languageView->setObjectName(QStringLiteral("languageList"));
    m_languageView->setModel(m_languages);
    m_languageView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    v->addWidget(m_languageView, 1);
    connect(m_languages, &QStandardItemModel::itemChanged, this, &CodebookPage::updateActions);

    auto *buttons = new QHBoxLayout;
    m_run = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Run"), box);
    m_run->setObjectName(QStringLiteral("runAnalysis"));
    m_cancel = new QPushButton(tr("Cancel"), box);
    m_cancel->setObjectName(QStringLiteral("cancelAnalysis"));
    m_open = new QPushButton(tr("Open Report\u2026"), box);
    connect(m_run, &QPushButton::clicked, this, &CodebookPage::run);
    connect(m_cancel, &QPushButton::clicked, this, &CodebookPage::cancel);
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Open Codebook Report"), m_projectDir,
                                                          tr("Codebook reports (report.json);;JSON (*.json)"));
        if (!file.isEmpty())
            openReport(file);
    });
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_open);
    v->addLayout(buttons);
    m_progress = new QProgressBar(box);
    m_progress->setObjectName(QStringLiteral("analysisProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    v->addWidget(m_progress);
    m_status = new QLabel(box);
    m_status->setObjectName(QStringLiteral("analysisStatus"));
    m_status->setWordWrap(true);
    v->addWidget(m_status);

    auto *gbox = new QGroupBox(tr("Agreement with CLDR families"), box);
    auto *gl = new QVBoxLayout(gbox);
    m_genealogyLabel = new QLabel(tr("No report yet."), gbox);
    m_genealogyLabel->setObjectName(QStringLiteral("genealogyScore"));
    m_genealogyLabel->setWordWrap(true);
    m_genealogyLabel->setTextFormat(Qt::RichText);
    gl->addWidget(m_genealogyLabel);
    v->addWidget(gbox);
    return box;
}

QWidget *CodebookPage::createOverview()
{
    auto *w = new QWidget(this);
    auto *grid = new QGridLayout(w);
    grid->setContentsMargins(2, 2, 2, 2);

    auto *heatBox = new QWidget(w);
    auto *hv = new QVBoxLayout(heatBox);
    hv->setContentsMargins(0, 0, 0, 0);
    auto *hh = new QHBoxLayout;
    m_metric = new QComboBox(heatBox);
    m_metric->setObjectName(QStringLiteral("heatmapMetric"));
    m_metric->addItem(tr("Cosine similarity"), CosineMetric);
    m_metric->addItem(tr("Jensen-Shannon divergence (nats)"), JensenShannonMetric);
    m_metric->addItem(tr("Shared frames (row's frames whose codeword the column uses)"), SharedFramesMetric);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &CodebookPage::showHeatmap);
    hh->addWidget(m_metric, 1);
    m_hover = new QLabel(heatBox);
    m_hover->setObjectName(QStringLiteral("heatmapHover"));
    m_hover->setMinimumWidth(160);
    hh->addWidget(m_hover);
    hv->addLayout(hh);
    m_heatmap = newPlot(heatBox, QStringLiteral("heatmapPlot"));
    m_heatmap->setMouseTracking(true);
    connect(m_heatmap, &QCustomPlot::mouseMove, this, &CodebookPage::onHeatmapHover);
    hv->addWidget(m_heatmap, 1);
    grid->addWidget(heatBox, 0, 0);

    m_dendrogram = newPlot(w, QStringLiteral("dendrogramPlot"));
    grid->addWidget(m_dendrogram, 0, 1);
    m_projection = newPlot(w, QStringLiteral("projectionPlot"));
    grid->addWidget(m_projection, 1, 0);

    auto *usageBox = new QWidget(w);
    auto *uv = new QVBoxLayout(usageBox);
    uv->setContentsMargins(0, 0, 0, 0);
    m_usageLanguage = new QComboBox(usageBox);
    m_usageLanguage->setObjectName(QStringLiteral("usageLanguage"));
    connect(m_usageLanguage, &QComboBox::currentIndexChanged, this, &CodebookPage::showUsage);
    uv->addWidget(m_usageLanguage);
    m_usage = newPlot(usageBox, QStringLiteral("usagePlot"));
    uv->addWidget(m_usage, 1);
    grid->addWidget(usageBox, 1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    return w;
}

QWidget *CodebookPage::createSharedUnits()
{
    auto *split = new QSplitter(Qt::Horizontal, this);
    auto *proxy = new QSortFilterProxyModel(split);
    proxy->setSourceModel(m_unitsModel);
    proxy->setSortRole(SharedUnitsModel::SortRole);
    m_unitsView = new QTableView(split);
    m_unitsView->setObjectName(QStringLiteral("sharedUnitsView"));
    m_unitsView->setModel(proxy);
    m_unitsView->setSortingEnabled(true);
    m_unitsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_unitsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_unitsView->verticalHeader()->hide();
    m_unitsView->horizontalHeader()->setStretchLastSection(true);
    m_unitsView->setToolTip(tr("Codewords used (above the frequency threshold) by several languages. Select one "
                               "to list example stretches."));
    connect(m_unitsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this, proxy](const QModelIndex &current) {
                m_examplesModel->setUnit(m_unitsModel->unit(proxy->mapToSource(current).row()));
                m_examplesView->resizeColumnsToContents();
                updateActions();
            });

    auto *right = new QWidget(split);
    auto *rv = new QVBoxLayout(right);
    rv->setContentsMargins(0, 0, 0, 0);
    rv->addWidget(new QLabel(tr("Where the selected unit occurs (longest stretches per language):"), right));
    m_examplesView = new QTableView(right);
    m_examplesView->setObjectName(QStringLiteral("unitExamplesView"));
    m_examplesView->setModel(m_examplesModel);
    m_examplesView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_examplesView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_examplesView->verticalHeader()->hide();
    connect(m_examplesView, &QTableView::doubleClicked, this, [this](const QModelIndex &i) { playExample(i.row()); });
    connect(m_examplesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &CodebookPage::updateActions);
    rv->addWidget(m_examplesView, 1);
    auto *buttons = new QHBoxLayout;
    m_play = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Play Example"), right);
    m_play->setObjectName(QStringLiteral("playExample"));
    m_play->setToolTip(tr("Plays the stretch with 150 ms of context on each side"));
    connect(m_play, &QPushButton::clicked, this, [this] { playExample(m_examplesView->currentIndex().row()); });
    auto *stop = new QPushButton(style()->standardIcon(QStyle::SP_MediaStop), tr("Stop"), right);
    connect(stop, &QPushButton::clicked, this, [this] {
        if (m_output)
            m_output->stop();
    });
    buttons->addWidget(m_play);
    buttons->addWidget(stop);
    buttons->addStretch(1);
    rv->addLayout(buttons);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    return split;
}

// --- project, settings, running ------------------------------------------------------------

void CodebookPage::setProjectDir(const QString &dir)
{
    m_projectDir = dir;
    reloadLanguages();
    updateActions();
}

void CodebookPage::setModelDir(const QString &dir)
{
    m_model->setText(dir);
}

void CodebookPage::reloadLanguages()
{
    m_languages->clear();
    if (m_projectDir.isEmpty())
        return;
    try {
        // A second connection on the GUI thread, read only (project.h: one per thread).
        const Project project = Project::open(toPath(m_projectDir));
        for (const LanguageStats &s : project.stats().languages) {
            if (s.segmentSeconds <= 0)
                continue;
            auto *item = new QStandardItem(QStringLiteral("%1 (%2) \u2014 %3")
                                               .arg(toQString(s.language.name), toQString(s.language.code),
                                                    formatTime(s.segmentSeconds)));
            item->setData(toQString(s.language.code), kCodeRole);
            item->setCheckable(true);
            item->setCheckState(Qt::Checked);
            m_languages->appendRow(item);
        }
    } catch (const std::exception &e) {
        setStatus(tr("Cannot list the project's languages: %1").arg(QString::fromUtf8(e.what())));
    }
}

void CodebookPage::updateActions()
{
    const bool running = m_controller->isRunning();
    int checked = 0;
    for (int r = 0; r < m_languages->rowCount(); ++r)
        checked += m_languages->item(r)->checkState() == Qt::Checked ? 1 : 0;
    m_run->setEnabled(!running && !m_projectDir.isEmpty() && !m_model->text().trimmed().isEmpty() && checked >= 2);
    m_cancel->setEnabled(running);
    m_open->setEnabled(!running);
    m_play->setEnabled(m_examplesView && m_examplesModel->row(m_examplesView->currentIndex().row()) != nullptr);
}

bool CodebookPage::run()
{
    if (m_controller->isRunning())
        return false;
    if (m_projectDir.isEmpty() || m_model->text().trimmed().isEmpty()) {
        setStatus(tr("Open a project and choose a model folder first."));
        return false;
    }
    CodebookAnalysisConfig config;
    for (int r = 0; r < m_languages->rowCount(); ++r)
        if (m_languages->item(r)->checkState() == Qt::Checked)
            config.languages.push_back(m_languages->item(r)->data(kCodeRole).toString().toStdString());
    if (config.languages.size() < 2) {
        setStatus(tr("Check at least two languages to compare."));
        return false;
    }
    config.secondsPerLanguage = m_seconds->value();
    config.seed = std::uint64_t(m_seed->value());
    config.clusterMetric = m_clusterMetric->currentData().toString().toStdString();
    const auto problems = config.validate();
    if (!problems.empty()) {
        setStatus(toQString(problems.front()));
        return false;
    }
    if (!m_controller->start(m_projectDir, m_model->text().trimmed(), config))
        return false;
    m_progress->setValue(0);
    setStatus(tr("Loading the model\u2026"));
    updateActions();
    return true;
}

void CodebookPage::cancel()
{
    m_controller->cancel();
    if (m_controller->isRunning())
        setStatus(tr("Stopping after the current chunk\u2026"));
}

void CodebookPage::onProgress(double done, double total, const QString &language)
{
    m_progress->setValue(total > 0 ? int(1000 * done / total) : 0);
    setStatus(tr("Quantizing %1: %2 of %3 s").arg(language).arg(done, 0, 'f', 0).arg(total, 0, 'f', 0));
}

void CodebookPage::onFinished()
{
    m_progress->setValue(1000);
    setReport(m_controller->report());
    updateActions();
}

void CodebookPage::onFailed(const QString &message)
{
    setStatus(tr("The analysis failed: %1").arg(message));
    updateActions();
}

bool CodebookPage::openReport(const QString &reportJson)
{
    try {
        auto report = std::make_shared<const CodebookReport>(readCodebookReport(toPath(reportJson)));
        if (m_projectDir.isEmpty() && !report->project.empty())
            m_projectDir = toQString(report->project); // for playing examples
        setReport(std::move(report));
        return true;
    } catch (const std::exception &e) {
        setStatus(tr("Cannot open the report: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
}

void CodebookPage::setStatus(const QString &text)
{
    m_status->setText(text);
}

QString CodebookPage::statusText() const
{
    return m_status->text();
}

QString CodebookPage::hoverText() const
{
    return m_hover->text();
}

QString CodebookPage::genealogySummary() const
{
    return m_genealogyLabel->text();
}

void CodebookPage::setCurrentTab(int index)
{
    m_tabs->setCurrentIndex(index);
}

void CodebookPage::setMetric(Metric metric)
{
    m_metric->setCurrentIndex(m_metric->findData(metric));
}

// --- showing a report ----------------------------------------------------------------------

void CodebookPage::setReport(std::shared_ptr<const CodebookReport> report)
{
    m_report = std::move(report);
    m_unitsModel->setReport(m_report);
    m_examplesModel->setUnit(nullptr);
    m_unitsView->resizeColumnsToContents();
    {
        const QSignalBlocker block(m_usageLanguage);
        m_usageLanguage->clear();
        if (m_report)
            for (const LanguageUsage &l : m_report->languages)
                m_usageLanguage->addItem(QStringLiteral("%1 (%2)").arg(toQString(l.name), toQString(l.code)));
    }
    showHeatmap();
    showDendrogram();
    showProjection();
    showUsage();
    showGenealogy();
    if (m_report) {
        std::int64_t frames = 0;
        for (const auto &l : m_report->languages)
            frames += l.frames;
        setStatus(tr("%1 languages, %2 frames, %3 joint codewords used; codebook %4 x %5.")
                      .arg(m_report->languages.size())
                      .arg(frames)
                      .arg(m_report->codewordsUsed)
                      .arg(m_report->groups)
                      .arg(m_report->entries));
    }
    updateActions();
    emit reportShown();
}

int CodebookPage::displayIndex(int k) const
{
    const auto &order = m_report->dendrogram.order;
    return order.size() == m_report->languages.size() ? order[std::size_t(k)] : k;
}

QString CodebookPage::cellText(int row, int column) const
{
    if (!m_report)
        return {};
    const int n = int(m_report->languages.size());
    if (row < 0 || column < 0 || row >= n || column >= n)
        return {};
    const int i = displayIndex(row), j = displayIndex(column);
    const auto metric = Metric(m_metric->currentData().toInt());
    const std::vector<double> &m = metric == CosineMetric          ? m_report->cosine
                                   : metric == JensenShannonMetric ? m_report->jensenShannon
                                                                   : m_report->shared;
    return QStringLiteral("%1 / %2: %3")
        .arg(toQString(m_report->languages[i].code), toQString(m_report->languages[j].code))
        .arg(m[std::size_t(i) * n + j], 0, 'f', 4);
}

void CodebookPage::showHeatmap()
{
    m_heatmap->clearPlottables();
    m_heatmap->plotLayout()->clear();
    m_heatmap->plotLayout()->addElement(0, 0, new QCPAxisRect(m_heatmap));
    m_colorMap = nullptr;
    m_hover->clear();
    if (!m_report || m_report->languages.empty()) {
        m_heatmap->replot();
        return;
    }
    const int n = int(m_report->languages.size());
    auto *rect = m_heatmap->axisRect();
    QCPAxis *x = rect->axis(QCPAxis::atBottom), *y = rect->axis(QCPAxis::atLeft);
    m_colorMap = new QCPColorMap(x, y);
    m_colorMap->setInterpolate(false);
    m_colorMap->data()->setSize(n, n);
    m_colorMap->data()->setRange(QCPRange(0, n - 1), QCPRange(0, n - 1));
    const auto metric = Metric(m_metric->currentData().toInt());
    const std::vector<double> &m = metric == CosineMetric          ? m_report->cosine
                                   : metric == JensenShannonMetric ? m_report->jensenShannon
                                                                   : m_report->shared;
    double lo = 1e300, hi = -1e300;
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            const double v = m[std::size_t(displayIndex(r)) * n + displayIndex(c)];
            m_colorMap->data()->setCell(c, r, v);
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    auto *scale = new QCPColorScale(m_heatmap);
    m_heatmap->plotLayout()->addElement(0, 1, scale);
    scale->setType(QCPAxis::atRight);
    scale->axis()->setLabel(metric == CosineMetric ? tr("cosine") : metric == JensenShannonMetric ? tr("JS (nats)") : tr("share"));
    m_colorMap->setColorScale(scale);
    m_colorMap->setGradient(viridisGradient());
    m_colorMap->setDataRange(QCPRange(lo, hi > lo ? hi : lo + 1e-9));
    auto *margins = new QCPMarginGroup(m_heatmap);
    rect->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);

    QSharedPointer<QCPAxisTickerText> ticks(new QCPAxisTickerText);
    for (int k = 0; k < n; ++k)
        ticks->addTick(k, toQString(m_report->languages[displayIndex(k)].code));
    x->setTicker(ticks);
    y->setTicker(ticks);
    x->setTickLabelRotation(n > 10 ? 60 : 0);
    x->setRange(-0.5, n - 0.5);
    y->setRange(-0.5, n - 0.5);
    y->setRangeReversed(true); // first language at the top
    x->grid()->setVisible(false);
    y->grid()->setVisible(false);
    titlePlot(m_heatmap, tr("Languages in dendrogram order"));
    m_heatmap->replot();
}

void CodebookPage::onHeatmapHover(QMouseEvent *event)
{
    if (!m_colorMap || !m_report)
        return;
    const QPointF pos = event->position();
    const double key = m_colorMap->keyAxis()->pixelToCoord(pos.x());
    const double value = m_colorMap->valueAxis()->pixelToCoord(pos.y());
    const int n = int(m_report->languages.size());
    const int c = int(std::lround(key)), r = int(std::lround(value));
    if (c < 0 || r < 0 || c >= n || r >= n || !m_heatmap->axisRect()->rect().contains(pos.toPoint())) {
        m_hover->clear();
        QToolTip::hideText();
        return;
    }
    const QString text = cellText(r, c);
    m_hover->setText(text);
    QToolTip::showText(event->globalPosition().toPoint(), text, m_heatmap);
}

void CodebookPage::showDendrogram()
{
    m_dendrogram->clearPlottables();
    m_dendrogram->clearItems();
    if (!m_report || m_report->languages.empty()) {
        m_dendrogram->replot();
        return;
    }
    const Dendrogram &d = m_report->dendrogram;
    const int n = d.leaves;
    std::vector<double> x(std::size_t(2 * n), 0.0), y(std::size_t(2 * n), 0.0);
    QSharedPointer<QCPAxisTickerText> ticks(new QCPAxisTickerText);
    for (std::size_t k = 0; k < d.order.size(); ++k) {
        y[d.order[k]] = double(k);
        ticks->addTick(double(k), toQString(m_report->languages[d.order[k]].code));
    }
    double maxH = 0;
    for (std::size_t k = 0; k < d.merges.size(); ++k) {
        const auto &m = d.merges[k];
        const int node = n + int(k);
        x[node] = m.height;
        y[node] = (y[m.left] + y[m.right]) / 2;
        maxH = std::max(maxH, m.height);
        auto *curve = new QCPCurve(m_dendrogram->xAxis, m_dendrogram->yAxis);
        curve->setPen(QPen(QColor(40, 70, 120), 1.5));
        curve->setData(QVector<double>{x[m.left], m.height, m.height, x[m.right]},
                       QVector<double>{y[m.left], y[m.left], y[m.right], y[m.right]});
    }
    m_dendrogram->yAxis->setTicker(ticks);
    m_dendrogram->yAxis->setRange(-0.5, n - 0.5);
    m_dendrogram->yAxis->setRangeReversed(true);
    m_dendrogram->yAxis->grid()->setVisible(false);
    m_dendrogram->xAxis->setRange(0, maxH > 0 ? maxH * 1.05 : 1);
    m_dendrogram->xAxis->setLabel(m_report->config.clusterMetric == "cosine" ? tr("1 - cosine (average linkage)")
                                                                             : tr("Jensen-Shannon (average linkage)"));
    titlePlot(m_dendrogram, tr("Clustering"));
    m_dendrogram->replot();
}

void CodebookPage::showProjection()
{
    m_projection->clearPlottables();
    m_projection->clearItems();
    if (!m_report || m_report->projection.empty()) {
        m_projection->replot();
        return;
    }
    auto *g = m_projection->addGraph();
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(31, 119, 180), 8));
    QVector<double> xs, ys;
    for (std::size_t i = 0; i < m_report->projection.size(); ++i) {
        xs << m_report->projection[i][0];
        ys << m_report->projection[i][1];
        auto *label = new QCPItemText(m_projection);
        label->position->setCoords(m_report->projection[i][0], m_report->projection[i][1]);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->setPadding(QMargins(6, 0, 0, 2));
        label->setText(toQString(m_report->languages[i].code));
    }
    g->setData(xs, ys, /*alreadySorted=*/false);
    g->rescaleAxes();
    auto widen = [](QCPAxis *a) {
        const QCPRange r = a->range();
        const double pad = r.size() > 0 ? 0.12 * r.size() : 1.0;
        a->setRange(r.lower - pad, r.upper + pad);
    };
    widen(m_projection->xAxis);
    widen(m_projection->yAxis);
    m_projection->xAxis->setLabel(tr("PC1 (%1 % of variance)").arg(100 * m_report->projectionExplained[0], 0, 'f', 0));
    m_projection->yAxis->setLabel(tr("PC2 (%1 %)").arg(100 * m_report->projectionExplained[1], 0, 'f', 0));
    titlePlot(m_projection, tr("PCA of square-root codeword frequencies"));
    m_projection->replot();
}

void CodebookPage::showUsage()
{
    m_usage->clearPlottables();
    const int li = m_usageLanguage->currentIndex();
    if (!m_report || li < 0 || li >= int(m_report->languages.size())) {
        m_usage->replot();
        return;
    }
    const LanguageUsage &l = m_report->languages[std::size_t(li)];
    const int V = m_report->entries;
    static const QColor colours[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                                     QColor(214, 39, 40)};
    double maxShare = 0;
    for (std::size_t g = 0; g < l.groupCounts.size(); ++g) {
        auto *bars = new QCPBars(m_usage->xAxis, m_usage->yAxis);
        bars->setName(tr("group %1").arg(g));
        bars->setWidth(1.0);
        bars->setPen(Qt::NoPen);
        bars->setBrush(colours[g % 4]);
        QVector<double> keys, values;
        for (int v = 0; v < V && v < int(l.groupCounts[g].size()); ++v) {
            keys << double(int(g) * V + v);
            const double share = l.frames > 0 ? double(l.groupCounts[g][std::size_t(v)]) / double(l.frames) : 0.0;
            values << share;
            maxShare = std::max(maxShare, share);
        }
        bars->setData(keys, values, true);
    }
    m_usage->xAxis->setRange(-0.5, double(m_report->groups * V) - 0.5);
    m_usage->yAxis->setRange(0, maxShare > 0 ? maxShare * 1.08 : 1);
    m_usage->xAxis->setLabel(tr("codebook entry (group g at g x %1 + entry)").arg(V));
    m_usage->yAxis->setLabel(tr("share of frames"));
    m_usage->legend->setVisible(m_report->groups > 1);
    QString groupsText;
    for (std::size_t g = 0; g < l.groups.size(); ++g)
        groupsText += tr("%1g%2 %3").arg(g ? QStringLiteral(", ") : QString()).arg(g).arg(l.groups[g].perplexity, 0, 'f', 1);
    titlePlot(m_usage, tr("%1: %2 codewords, perplexity %3 (per group: %4)")
                           .arg(toQString(l.code))
                           .arg(l.joint.distinct)
                           .arg(l.joint.perplexity, 0, 'f', 1)
                           .arg(groupsText));
    m_usage->replot();
}

void CodebookPage::showGenealogy()
{
    if (!m_report) {
        m_genealogyLabel->setText(tr("No report yet."));
        m_genealogy->clear();
        return;
    }
    const GenealogyAgreement &g = m_report->genealogy;
    const QString r = std::isfinite(g.copheneticCorrelation) ? QString::number(g.copheneticCorrelation, 'f', 3)
                                                             : tr("n/a");
    QStringList clusters;
    for (const auto &c : g.groups)
        clusters << QStringLiteral("%1 %2").arg(toQString(c.name), c.isCluster ? QStringLiteral("\u2714") : QStringLiteral("\u2718"));
    QString label = tr("Cophenetic correlation with the CLDR tree: <b>%1</b><br>"
                       "Nearest neighbour in the same branch: <b>%2 / %3</b> (same family %4 / %3)")
                        .arg(r)
                        .arg(g.nearestSameBranch)
                        .arg(g.neighbours.size())
                        .arg(g.nearestSameFamily);
    if (!g.excluded.empty()) {
        QStringList ex;
        for (const auto &c : g.excluded)
            ex << toQString(c);
        label += tr("<br>Not in CLDR, left out: %1").arg(ex.join(QStringLiteral(", ")));
    }
    m_genealogyLabel->setText(label);

    QString html = QStringLiteral("<h3>%1</h3><p>%2</p>").arg(tr("Agreement with CLDR's language families"), label);
    html += QStringLiteral("<h4>%1</h4><table border=1 cellspacing=0 cellpadding=3><tr><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>")
                .arg(tr("Groups of the chosen languages"), tr("Group"), tr("Languages"), tr("One cluster?"),
                     tr("Smallest cluster holding them"));
    for (const auto &c : g.groups) {
        QStringList members, intruders;
        for (const auto &m : c.members)
            members << toQString(m);
        for (const auto &m : c.intruders)
            intruders << toQString(m);
        html += QStringLiteral("<tr><td>%1 (%2)</td><td>%3</td><td>%4</td><td>%5</td></tr>")
                    .arg(toQString(c.name), toQString(c.group), members.join(QLatin1Char(' ')),
                         c.isCluster ? tr("yes") : tr("no"),
                         c.isCluster ? QString::number(c.smallestClusterSize)
                                     : tr("%1 languages, also %2").arg(c.smallestClusterSize).arg(intruders.join(QLatin1Char(' '))));
    }
    html += QStringLiteral("</table><h4>%1</h4><table border=1 cellspacing=0 cellpadding=3><tr><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>")
                .arg(tr("Nearest neighbours"), tr("Language"), tr("Nearest"), tr("Same branch"), tr("CLDR lineage"));
    for (const auto &nb : g.neighbours) {
        QStringList lineage;
        const auto it = g.lineage.find(nb.code);
        if (it != g.lineage.end())
            for (const auto &s : it->second)
                lineage << toQString(s);
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>")
                    .arg(toQString(nb.code), toQString(nb.nearest), nb.sameBranch ? tr("yes") : tr("no"),
                         lineage.join(QStringLiteral(" / ")));
    }
    html += QStringLiteral("</table><p>%1</p>")
                .arg(tr("Projection: %1. t-SNE and UMAP are not offered: Debian packages neither as a C/C++ "
                        "library.").arg(toQString(m_report->projectionMethod)));
    m_genealogy->setHtml(html);
}

// --- shared units --------------------------------------------------------------------------

void CodebookPage::selectSharedUnit(int row)
{
    m_unitsView->selectRow(row);
    m_unitsView->setCurrentIndex(m_unitsView->model()->index(row, 0));
}

void CodebookPage::playExample(int row)
{
    const UnitExamplesModel::Row *r = m_examplesModel->row(row);
    if (!r)
        return;
    const QString dir = !m_projectDir.isEmpty() ? m_projectDir : (m_report ? toQString(m_report->project) : QString());
    try {
        const double from = std::max(0.0, r->example.start - 0.15);
        std::vector<float> samples = readMono(toPath(dir) / r->example.audioFile, from, r->example.end + 0.15);
        if (!m_output)
            m_output = createAudioOutput();
        m_output->play(std::move(samples), kProjectSampleRate);
        setStatus(tr("Playing %1, segment %2 at %3").arg(r->language).arg(r->example.segmentId).arg(formatTime(r->example.start)));
    } catch (const std::exception &e) {
        setStatus(tr("Cannot play: %1").arg(QString::fromUtf8(e.what())));
    }
}

} // namespace fieldbench
