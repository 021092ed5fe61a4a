#include "transcribedialog.h"

#include "convert.h"
#include "waveformplottable.h"

#include "fieldbench/audio/audiofile.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/models/transcriber.h"

#include <qcustomplot.h>

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <map>

namespace fieldbench {

namespace {

// Forwards progress from the job's thread to the dialog (queued; dropped if the dialog is
// gone, which cannot happen while the job runs: the dialog waits for it).
class QueuedProgress : public TranscribeObserver
{
public:
    QueuedProgress(QProgressBar *bar, int before, int total)
        : m_bar(bar)
        , m_before(before)
        , m_total(total)
    {
    }
    void progress(const TranscribeProgress &p) override
    {
        const int done = m_before + p.segmentsDone, total = m_total;
        QMetaObject::invokeMethod(m_bar, [bar = m_bar, done, total] {
            bar->setRange(0, total);
            bar->setValue(done);
        }, Qt::QueuedConnection);
    }

private:
    QPointer<QProgressBar> m_bar;
    int m_before;
    int m_total;
};

} // namespace

TranscribeDialog::TranscribeDialog(const QString &projectDir, std::vector<TranscriptionModel::Row> rows, QWidget *parent)
    : QDialog(parent)
    , m_projectDir(projectDir)
    , m_model(new TranscriptionModel(this))
    , m_modelDir(new QLineEdit(this))
    , m_beam(new QSpinBox(this))
    , m_tier(new QLineEdit(QStringLiteral("asr"), this))
    , m_start(new QPushButton(tr("Transcribe"), this))
    , m_cancelButton(new QPushButton(tr("Cancel"), this))
    , m_save(new QPushButton(tr("Save to Project"), this))
    , m_progress(new QProgressBar(this))
    , m_message(new QLabel(this))
    , m_view(new QTableView(this))
    , m_plot(new QCustomPlot(this))
{
    setObjectName(QStringLiteral("transcribeDialog"));
    setWindowTitle(tr("Transcribe Segments"));
    m_model->setRows(std::move(rows));

    m_modelDir->setObjectName(QStringLiteral("modelDir"));
    m_modelDir->setPlaceholderText(tr("A CTC model folder (config.json, model.safetensors, vocab.json)"));
    auto *browse = new QPushButton(tr("Browse\u2026"), this);
    auto *modelRow = new QHBoxLayout;
    modelRow->addWidget(m_modelDir, 1);
    modelRow->addWidget(browse);
    m_beam->setObjectName(QStringLiteral("beam"));
    m_beam->setRange(0, 64);
    m_beam->setSpecialValueText(tr("greedy"));
    m_beam->setToolTip(tr("0: greedy decoding; N: CTC prefix beam search keeping N prefixes"));
    m_tier->setObjectName(QStringLiteral("tier"));
    auto *form = new QFormLayout;
    form->addRow(tr("Model:"), modelRow);
    form->addRow(tr("Beam width:"), m_beam);
    form->addRow(tr("Save as tier:"), m_tier);

    m_view->setObjectName(QStringLiteral("transcriptionView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                            | QAbstractItemView::AnyKeyPressed);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(TranscriptionModel::TranscriptColumn, QHeaderView::Interactive);
    m_view->setColumnWidth(TranscriptionModel::RecordingColumn, 180);
    m_view->setColumnWidth(TranscriptionModel::TranscriptColumn, 320);

    m_plot->setObjectName(QStringLiteral("waveform"));
    m_plot->setMinimumSize(240, 140);
    m_wave = new WaveformPlottable(m_plot->xAxis, m_plot->yAxis);
    m_wave->setPen(QPen(QColor(0x2a, 0x6f, 0x97), 0));
    m_plot->xAxis->setLabel(tr("Time in recording (s)"));
    m_plot->yAxis->setRange(-1.0, 1.0);
    m_plot->yAxis->setTicks(false);
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_plot);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setRange(0, std::max(1, m_model->rowCount()));
    m_progress->setValue(0);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_cancelButton);
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_save);
    auto *close = new QPushButton(tr("Close"), this);
    buttons->addWidget(close);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_message);
    layout->addLayout(buttons);
    resize(1000, 700);

    connect(browse, &QPushButton::clicked, this, [this] {
        auto *d = new QFileDialog(this, tr("CTC Model Folder"), m_modelDir->text());
        d->setFileMode(QFileDialog::Directory);
        d->setAttribute(Qt::WA_DeleteOnClose);
        connect(d, &QFileDialog::fileSelected, this, &TranscribeDialog::setModelDir);
        d->open();
    });
    connect(m_start, &QPushButton::clicked, this, &TranscribeDialog::start);
    connect(m_cancelButton, &QPushButton::clicked, this, &TranscribeDialog::cancel);
    connect(m_save, &QPushButton::clicked, this, &TranscribeDialog::save);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    connect(m_modelDir, &QLineEdit::textChanged, this, &TranscribeDialog::updateButtons);
    // Both watchers report on the GUI thread (they live here).
    connect(&m_watcher, &QFutureWatcher<JobResult>::finished, this, &TranscribeDialog::onJobFinished);
    connect(&m_waveWatcher, &QFutureWatcher<Waveform>::finished, this, &TranscribeDialog::onWaveformReady);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TranscribeDialog::onCurrentChanged);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from) {
        if (from.row() == m_waveRow)
            drawTokens();
        updateButtons();
    });
    setMessage(tr("%n segment(s) selected.", nullptr, m_model->rowCount()), false);
    updateButtons();
    if (m_model->rowCount() > 0)
        m_view->setCurrentIndex(m_model->index(0, TranscriptionModel::TranscriptColumn));
}

TranscribeDialog::~TranscribeDialog()
{
    m_cancel = true;
    m_watcher.waitForFinished();
    m_waveWatcher.waitForFinished();
}

void TranscribeDialog::setModelDir(const QString &dir) { m_modelDir->setText(dir); }
QString TranscribeDialog::modelDir() const { return m_modelDir->text(); }
void TranscribeDialog::setBeamSize(int beam) { m_beam->setValue(beam); }
void TranscribeDialog::setTier(const QString &tier) { m_tier->setText(tier); }
QString TranscribeDialog::tier() const { return m_tier->text().trimmed(); }
QString TranscribeDialog::message() const { return m_message->text(); }

bool TranscribeDialog::start()
{
    if (isRunning())
        return false;
    if (modelDir().isEmpty() || !QFileInfo(modelDir() + QStringLiteral("/config.json")).exists()) {
        setMessage(tr("Choose a CTC model folder first (it needs config.json, model.safetensors and vocab.json)."), true);
        return false;
    }
    TranscribeConfig config;
    config.segmentation = "tier";
    config.beamSize = m_beam->value();
    // One job per recording: the segments of each, in the table's order.
    struct Span
    {
        qint64 segmentId;
        double start, end;
    };
    std::map<QString, std::vector<Span>> byFile;
    for (const auto &r : m_model->rows())
        if (r.end > r.start)
            byFile[r.audioFile].push_back({r.segmentId, r.start, r.end});
    const QString model = modelDir();
    const int total = m_model->rowCount();
    m_cancel = false;
    QPointer<QProgressBar> bar(m_progress);
    TranscriptionModel *results = m_model;
    m_progress->setRange(0, std::max(1, total));
    m_progress->setValue(0);
    setMessage(tr("Transcribing\u2026"), false);
    // Runs on a pool thread. Never throws: failures become JobResult::error (STYLE.md 4).
    m_watcher.setFuture(QtConcurrent::run([=, cancel = &m_cancel]() -> JobResult {
        JobResult out;
        try {
            Transcriber transcriber(toPath(model), config);
            int before = 0;
            for (const auto &[file, spans] : byFile) {
                std::vector<AnnotationInterval> intervals;
                for (const Span &s : spans)
                    intervals.push_back({s.start, s.end, {}});
                QueuedProgress progress(bar, before, total);
                const Transcription t = transcriber.transcribeFile(toPath(file), intervals, &progress, cancel);
                for (std::size_t i = 0; i < spans.size() && i < t.segments.size(); ++i) {
                    const qint64 id = spans[i].segmentId;
                    const TranscribedSegment seg = t.segments[i];
                    // The model lives on the GUI thread; the dialog (its parent) outlives the job.
                    QMetaObject::invokeMethod(results, [results, id, seg] { results->setResult(id, seg); },
                                              Qt::QueuedConnection);
                }
                before += int(spans.size());
            }
        } catch (const Cancelled &) {
            out.cancelled = true;
        } catch (const std::exception &e) {
            out.error = QString::fromUtf8(e.what());
        }
        return out;
    }));
    updateButtons();
    return true;
}

void TranscribeDialog::cancel()
{
    m_cancel = true;
}

void TranscribeDialog::onJobFinished()
{
    const JobResult r = m_watcher.result();
    if (!r.error.isEmpty())
        setMessage(tr("Transcription failed: %1").arg(r.error), true);
    else if (r.cancelled)
        setMessage(tr("Cancelled. Transcribed segments can still be reviewed and saved."), false);
    else {
        m_progress->setValue(m_progress->maximum());
        setMessage(tr("Done. Review and correct the transcripts (double-click to edit), then save them to tier \"%1\".")
                       .arg(tier()),
                   false);
    }
    updateButtons();
    emit transcriptionFinished();
}

bool TranscribeDialog::save()
{
    if (tier().isEmpty()) {
        setMessage(tr("Give the tier a name."), true);
        return false;
    }
    std::vector<TranscriptEdit> edits;
    for (const auto &r : m_model->rows())
        if (r.done)
            edits.push_back({r.segmentId, tier().toStdString(), r.corrected.toStdString()});
    if (edits.empty()) {
        setMessage(tr("Nothing is transcribed yet."), true);
        return false;
    }
    try {
        Project project = Project::open(toPath(m_projectDir));
        project.setTranscripts(edits);
    } catch (const std::exception &e) {
        setMessage(tr("Nothing was saved: %1").arg(QString::fromUtf8(e.what())), true);
        return false;
    }
    std::vector<TranscriptionModel::Row> rows = m_model->rows();
    for (auto &r : rows)
        if (r.done)
            r.existing = r.corrected;
    m_model->setRows(std::move(rows));
    setMessage(tr("Saved %n transcript(s) to tier \"%1\".", nullptr, int(edits.size())).arg(tier()), false);
    emit saved(int(edits.size()));
    updateButtons();
    return true;
}

void TranscribeDialog::onCurrentChanged()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || current.row() == m_waveRow)
        return;
    m_waveRow = current.row();
    const auto &r = m_model->row(m_waveRow);
    m_waveform.reset();
    m_wave->clear();
    m_plot->xAxis->setRange(r.start, r.end > r.start ? r.end : r.start + 1.0);
    drawTokens();
    m_waveWatcher.waitForFinished(); // the previous load is short (one segment)
    const QString file = r.audioFile;
    const double start = r.start, end = r.end;
    m_waveWatcher.setFuture(QtConcurrent::run([=] { return loadWaveform(file, start, end); }));
}

void TranscribeDialog::onWaveformReady()
{
    auto w = std::make_shared<const Waveform>(m_waveWatcher.result());
    if (!w->error.isEmpty()) {
        setMessage(w->error, true);
        return;
    }
    m_waveform = w;
    m_wave->setWaveform(w);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    emit waveformShown();
}

void TranscribeDialog::drawTokens()
{
    // Token boundaries and labels over the waveform, from the CTC frames.
    for (int i = m_plot->itemCount() - 1; i >= 0; --i)
        m_plot->removeItem(i);
    if (m_waveRow < 0 || m_waveRow >= m_model->rowCount())
        return;
    const auto &r = m_model->row(m_waveRow);
    for (const TranscribedToken &t : r.tokens) {
        auto *line = new QCPItemStraightLine(m_plot);
        line->point1->setCoords(t.start, -1);
        line->point2->setCoords(t.start, 1);
        line->setPen(QPen(QColor(200, 80, 40, 120), 0, Qt::DashLine));
        auto *label = new QCPItemText(m_plot);
        label->position->setCoords((t.start + t.end) / 2, 0.85);
        label->setText(toQString(t.text));
        label->setColor(QColor(200, 80, 40));
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TranscribeDialog::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

void TranscribeDialog::updateButtons()
{
    const bool running = isRunning();
    m_start->setEnabled(!running && !m_modelDir->text().isEmpty() && m_model->rowCount() > 0);
    m_cancelButton->setEnabled(running);
    m_save->setEnabled(!running && m_model->changedCount() > 0);
}

} // namespace fieldbench
