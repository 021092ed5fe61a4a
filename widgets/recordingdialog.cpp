#include "recordingdialog.h"

#include "convert.h"
#include "levelmeter.h"
#include "promptlistmodel.h"
#include "takeview.h"
#include "waveform.h"

#include "fieldbench/audio/audiooutput.h"
#include "fieldbench/audio/audiosource.h"
#include "fieldbench/audio/recorder.h"
#include "fieldbench/audio/silence.h"
#include "fieldbench/corpus/project.h"
#include "fieldbench/util/error.h"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace fieldbench {

namespace {

bool g_fakeAudio = false;

constexpr int kRates[] = {16000, 22050, 32000, 44100, 48000, 96000};

// Items of the prompt source box: data is the kind, with the text document id.
enum PromptSourceKind { FreeRecording = 0, PromptFile = 1, TextDocumentSource = 2 };

QString errorText(const std::exception &e)
{
    return QString::fromUtf8(e.what());
}

} // namespace

std::unique_ptr<AudioSource> RecordingDialog::makeAudioSource()
{
    if (fakeAudio())
        return std::make_unique<FakeAudioSource>(FakeAudioSource::Mode::Realtime);
    return createAudioSource();
}

void RecordingDialog::setFakeAudio(bool on)
{
    g_fakeAudio = on;
}

bool RecordingDialog::fakeAudio()
{
    return g_fakeAudio || qEnvironmentVariableIntValue("FIELDBENCH_FAKE_AUDIO") == 1;
}

RecordingDialog::RecordingDialog(const QString &projectDir, std::unique_ptr<AudioSource> source, QWidget *parent)
    : QDialog(parent)
    , m_project(std::make_unique<Project>(Project::open(toPath(projectDir))))
    , m_recorder(std::make_unique<Recorder>(std::move(source)))
    , m_prompts(new PromptListModel(this))
    , m_levelTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("recordingDialog"));
    setWindowTitle(tr("Recording Session \u2014 %1").arg(toQString(m_project->name())));
    setSizeGripEnabled(true);

    createActions();
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(createSetupPanel());
    splitter->addWidget(createSessionPanel());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    populateLanguages();
    populateSessions();
    populatePromptSources();
    populateDevices();

    m_levelTimer->setInterval(33);
    connect(m_levelTimer, &QTimer::timeout, this, &RecordingDialog::pollLevels);
    m_levelTimer->start();
    refreshSession();
    resize(1400, 860);
}

RecordingDialog::~RecordingDialog()
{
    // The parent may be half destroyed already (a child is deleted from ~QWidget): no signals.
    blockSignals(true);
    m_levelTimer->stop();
    if (m_output)
        m_output->stop();
    if (isRecording()) {
        try {
            stop();
        } catch (...) {
        }
    }
    m_recorder.reset(); // joins the writer thread
}

// --- construction ------------------------------------------------------------------------

void RecordingDialog::createActions()
{
    const auto make = [this](const QString &text, const QKeySequence &key, QStyle::StandardPixmap icon,
                             void (RecordingDialog::*slot)(), const QString &name) {
        auto *a = new QAction(style()->standardIcon(icon), text, this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setObjectName(name);
        a->setToolTip(QStringLiteral("%1 (%2)").arg(QString(text).remove(QLatin1Char('&')),
                                                    key.toString(QKeySequence::NativeText)));
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    m_recordAction = make(tr("&Record"), QKeySequence(tr("R")), QStyle::SP_DialogYesButton, &RecordingDialog::record,
                          QStringLiteral("recordAction"));
    m_stopAction = make(tr("&Stop"), QKeySequence(tr("Space")), QStyle::SP_MediaStop, &RecordingDialog::stop,
                        QStringLiteral("stopAction"));
    m_rerecordAction = make(tr("Re-record"), QKeySequence(tr("Shift+R")), QStyle::SP_BrowserReload,
                            &RecordingDialog::rerecord, QStringLiteral("rerecordAction"));
    m_previousAction = make(tr("Previous"), QKeySequence(tr("Left")), QStyle::SP_ArrowLeft, &RecordingDialog::previous,
                            QStringLiteral("previousAction"));
    m_nextAction = make(tr("&Next"), QKeySequence(tr("Right")), QStyle::SP_ArrowRight, &RecordingDialog::next,
                        QStringLiteral("nextAction"));
    m_skipAction = make(tr("S&kip"), QKeySequence(tr("K")), QStyle::SP_MediaSkipForward, &RecordingDialog::skip,
                        QStringLiteral("skipAction"));
    m_playAction = make(tr("&Play Back"), QKeySequence(tr("P")), QStyle::SP_MediaPlay, &RecordingDialog::playBack,
                        QStringLiteral("playAction"));
    m_trimAction = make(tr("&Trim Silence"), QKeySequence(tr("T")), QStyle::SP_ToolBarHorizontalExtensionButton,
                        &RecordingDialog::trimSilence, QStringLiteral("trimAction"));
}

QWidget *RecordingDialog::createSetupPanel()
{
    auto *panel = new QWidget(this);
    panel->setMinimumWidth(340);
    panel->setMaximumWidth(460);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *who = new QGroupBox(tr("Speaker and language"), panel);
    auto *form = new QFormLayout(who);
    m_language = new QComboBox(who);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->setEditable(true);
    m_language->setToolTip(tr("ISO 639-3 code of the language recorded, e.g. \"ain\" or \"fin\"."));
    m_speaker = new QLineEdit(who);
    m_speaker->setObjectName(QStringLiteral("speaker"));
    m_speaker->setPlaceholderText(tr("Name or pseudonym"));
    m_pseudonym = new QCheckBox(tr("This is a pseudonym"), who);
    m_pseudonym->setObjectName(QStringLiteral("pseudonym"));
    m_ageRange = new QComboBox(who);
    m_ageRange->setObjectName(QStringLiteral("ageRange"));
    m_ageRange->setEditable(true);
    m_ageRange->addItems({QString(), tr("under 18"), QStringLiteral("18-29"), QStringLiteral("30-39"),
                          QStringLiteral("40-49"), QStringLiteral("50-59"), QStringLiteral("60-69"),
                          tr("70 or older")});
    m_dialect = new QLineEdit(who);
    m_dialect->setObjectName(QStringLiteral("dialect"));
    m_dialect->setPlaceholderText(tr("Dialect or variety"));
    m_place = new QLineEdit(who);
    m_place->setObjectName(QStringLiteral("place"));
    m_place->setPlaceholderText(tr("Place of origin or residence"));
    m_consent = new QPlainTextEdit(who);
    m_consent->setObjectName(QStringLiteral("consent"));
    m_consent->setPlaceholderText(tr("What was agreed (use, archiving, access), when and how consent was given"));
    m_consent->setMaximumHeight(64);
    form->addRow(tr("&Language:"), m_language);
    form->addRow(tr("Spea&ker:"), m_speaker);
    form->addRow(QString(), m_pseudonym);
    form->addRow(tr("&Age range:"), m_ageRange);
    form->addRow(tr("&Dialect:"), m_dialect);
    form->addRow(tr("P&lace:"), m_place);
    form->addRow(tr("&Consent:"), m_consent);
    layout->addWidget(who);

    auto *prompts = new QGroupBox(tr("Prompts"), panel);
    auto *pform = new QFormLayout(prompts);
    m_promptSourceBox = new QComboBox(prompts);
    m_promptSourceBox->setObjectName(QStringLiteral("promptSource"));
    m_promptInfo = new QLabel(prompts);
    m_promptInfo->setWordWrap(true);
    m_autoTrim = new QCheckBox(tr("Trim silence at both ends of each take"), prompts);
    m_autoTrim->setObjectName(QStringLiteral("autoTrim"));
    m_autoTrim->setChecked(SessionSetup().trimSilence);
    m_start = new QPushButton(tr("Start &New Session"), prompts);
    m_start->setObjectName(QStringLiteral("startSession"));
    m_start->setFocusPolicy(Qt::NoFocus);
    m_sessions = new QComboBox(prompts);
    m_sessions->setObjectName(QStringLiteral("sessions"));
    m_resume = new QPushButton(tr("Resu&me"), prompts);
    m_resume->setObjectName(QStringLiteral("resumeSession"));
    m_resume->setFocusPolicy(Qt::NoFocus);
    auto *resumeRow = new QHBoxLayout;
    resumeRow->addWidget(m_sessions, 1);
    resumeRow->addWidget(m_resume);
    pform->addRow(tr("&Prompts:"), m_promptSourceBox);
    pform->addRow(QString(), m_promptInfo);
    pform->addRow(QString(), m_autoTrim);
    pform->addRow(QString(), m_start);
    pform->addRow(tr("Earlier:"), resumeRow);
    layout->addWidget(prompts);

    auto *input = new QGroupBox(tr("Input"), panel);
    auto *iform = new QFormLayout(input);
    m_device = new QComboBox(input);
    m_device->setObjectName(QStringLiteral("device"));
    m_rate = new QComboBox(input);
    m_rate->setObjectName(QStringLiteral("sampleRate"));
    m_channel = new QComboBox(input);
    m_channel->setObjectName(QStringLiteral("channel"));
    m_meter = new LevelMeter(input);
    m_deviceMessage = new QLabel(input);
    m_deviceMessage->setObjectName(QStringLiteral("deviceMessage"));
    m_deviceMessage->setWordWrap(true);
    m_deviceMessage->setTextFormat(Qt::PlainText);
    m_deviceMessage->setStyleSheet(QStringLiteral("color: #a33;"));
    m_deviceMessage->hide();
    iform->addRow(tr("De&vice:"), m_device);
    iform->addRow(tr("Sample &rate:"), m_rate);
    iform->addRow(tr("C&hannel:"), m_channel);
    iform->addRow(tr("Level:"), m_meter);
    iform->addRow(m_deviceMessage);
    layout->addWidget(input);
    layout->addStretch(1);

    connect(m_start, &QPushButton::clicked, this, [this] { startSession(setupFromForm()); });
    connect(m_resume, &QPushButton::clicked, this, [this] {
        if (m_sessions->currentIndex() >= 0)
            resumeSession(m_sessions->currentData().toLongLong());
    });
    connect(m_promptSourceBox, qOverload<int>(&QComboBox::activated), this, &RecordingDialog::onPromptSourceChanged);
    connect(m_device, qOverload<int>(&QComboBox::activated), this, &RecordingDialog::onDeviceChanged);
    connect(m_rate, qOverload<int>(&QComboBox::activated), this, &RecordingDialog::openInput);
    connect(m_channel, qOverload<int>(&QComboBox::activated), this, &RecordingDialog::openInput);
    return panel;
}

QWidget *RecordingDialog::createSessionPanel()
{
    auto *panel = new QWidget(this);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);

    m_sessionTitle = new QLabel(panel);
    m_sessionTitle->setObjectName(QStringLiteral("sessionTitle"));
    m_sessionTitle->setTextFormat(Qt::PlainText);
    QFont bold = m_sessionTitle->font();
    bold.setBold(true);
    m_sessionTitle->setFont(bold);

    m_prompt = new QLabel(panel);
    m_prompt->setObjectName(QStringLiteral("prompt"));
    m_prompt->setTextFormat(Qt::PlainText);
    m_prompt->setWordWrap(true);
    m_prompt->setAlignment(Qt::AlignCenter);
    m_prompt->setMinimumHeight(110);
    m_prompt->setFrameShape(QFrame::StyledPanel);
    // Takes the focus once a session runs, so that letters and Space reach the shortcuts
    // instead of the last text field used.
    m_prompt->setFocusPolicy(Qt::StrongFocus);
    QFont big = m_prompt->font();
    big.setPointSizeF(big.pointSizeF() * 2.0);
    m_prompt->setFont(big);

    m_progress = new QLabel(panel);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_recIndicator = new QLabel(panel);
    m_recIndicator->setObjectName(QStringLiteral("recIndicator"));
    m_recIndicator->setTextFormat(Qt::PlainText);
    QFont recFont = m_recIndicator->font();
    recFont.setBold(true);
    m_recIndicator->setFont(recFont);

    auto *buttons = new QHBoxLayout;
    for (QAction *a : {m_recordAction, m_stopAction, m_rerecordAction, m_playAction, m_previousAction, m_nextAction,
                       m_skipAction, m_trimAction}) {
        auto *b = new QToolButton(panel);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        b->setFocusPolicy(Qt::NoFocus); // Space and letters are shortcuts, not button presses
        buttons->addWidget(b);
    }
    buttons->addStretch(1);
    buttons->addWidget(m_recIndicator);

    m_promptView = new QListView(panel);
    m_promptView->setObjectName(QStringLiteral("promptList"));
    m_promptView->setModel(m_prompts);
    m_promptView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_promptView->setFocusPolicy(Qt::NoFocus);
    m_promptView->setMinimumWidth(220);
    connect(m_promptView, &QListView::clicked, this, [this](const QModelIndex &index) {
        if (m_session && !isRecording() && index.isValid()) {
            m_session->setCurrent(index.row());
            refreshSession();
        }
    });

    m_takeView = new TakeView(panel);
    m_takeInfo = new QLabel(panel);
    m_takeInfo->setObjectName(QStringLiteral("takeInfo"));
    m_takeInfo->setTextFormat(Qt::PlainText);
    auto *takeBox = new QWidget(panel);
    auto *takeLayout = new QVBoxLayout(takeBox);
    takeLayout->setContentsMargins(0, 0, 0, 0);
    takeLayout->addWidget(m_takeView, 1);
    takeLayout->addWidget(m_takeInfo);

    auto *split = new QSplitter(Qt::Horizontal, panel);
    split->addWidget(m_promptView);
    split->addWidget(takeBox);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);

    m_message = new QLabel(panel);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *keys = new QLabel(tr("Keys: R record \u00b7 Space stop \u00b7 Shift+R re-record \u00b7 P play back \u00b7 "
                               "\u2190/\u2192 previous/next \u00b7 K skip \u00b7 T trim silence"),
                            panel);
    keys->setStyleSheet(QStringLiteral("color: palette(mid);"));

    layout->addWidget(m_sessionTitle);
    layout->addWidget(m_prompt);
    layout->addWidget(m_progress);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);
    layout->addWidget(m_message);
    layout->addWidget(keys);
    return panel;
}

void RecordingDialog::populateLanguages()
{
    m_language->clear();
    for (const Language &l : m_project->languages())
        m_language->addItem(QStringLiteral("%1 \u2014 %2").arg(toQString(l.code), toQString(l.name)), toQString(l.code));
    m_language->setCurrentIndex(m_language->count() > 0 ? 0 : -1);
}

void RecordingDialog::populateSessions()
{
    m_sessions->clear();
    try {
        for (const SessionInfo &s : RecordingSession::list(*m_project)) {
            const QString label = s.prompts > 0
                                      ? tr("%1 (%2, %3 of %4 done)").arg(toQString(s.name), toQString(s.languageCode)).arg(s.done).arg(s.prompts)
                                      : tr("%1 (%2, free, %n take(s))", nullptr, s.takes).arg(toQString(s.name), toQString(s.languageCode));
            m_sessions->addItem(label, qlonglong(s.id));
        }
    } catch (const std::exception &e) {
        setMessage(errorText(e), true);
    }
    m_sessions->setEnabled(m_sessions->count() > 0);
    m_resume->setEnabled(m_sessions->count() > 0);
    if (m_sessions->count() == 0)
        m_sessions->setPlaceholderText(tr("No earlier sessions"));
}

void RecordingDialog::populatePromptSources()
{
    m_promptSourceBox->clear();
    m_promptSourceBox->addItem(tr("None: free recording"), QVariantList{FreeRecording, 0});
    m_promptSourceBox->addItem(tr("From a text file\u2026"), QVariantList{PromptFile, 0});
    for (const TextDocument &d : m_project->textDocuments()) {
        const QString name = QFileInfo(toQString(d.sourcePath)).fileName();
        m_promptSourceBox->addItem(tr("Text: %1 (%n sentence(s))", nullptr, int(d.sentences)).arg(name),
                                   QVariantList{TextDocumentSource, qlonglong(d.id)});
    }
    m_promptInfo->setText(tr("Free recording: takes are saved without a prompt."));
}

void RecordingDialog::onPromptSourceChanged(int index)
{
    const QVariantList data = m_promptSourceBox->itemData(index).toList();
    const int kind = data.value(0).toInt();
    try {
        if (kind == FreeRecording) {
            m_loadedPrompts.clear();
            m_promptSource.clear();
            m_promptInfo->setText(tr("Free recording: takes are saved without a prompt."));
            return;
        }
        if (kind == PromptFile) {
            const QString file = QFileDialog::getOpenFileName(this, tr("Prompt List"), QString(),
                                                              tr("Text files (*.txt);;All files (*)"));
            if (file.isEmpty()) {
                m_promptSourceBox->setCurrentIndex(0);
                onPromptSourceChanged(0);
                return;
            }
            m_loadedPrompts = RecordingSession::loadPromptFile(toPath(file));
            m_promptSource = file.toStdString();
        } else {
            m_loadedPrompts = RecordingSession::loadPromptsFromText(*m_project, data.value(1).toLongLong());
            m_promptSource = "text document " + std::to_string(data.value(1).toLongLong());
        }
        m_promptInfo->setText(tr("%n prompt(s) loaded; the first: \u201c%1\u201d", nullptr, int(m_loadedPrompts.size()))
                                  .arg(toQString(m_loadedPrompts.front())));
    } catch (const std::exception &e) {
        m_loadedPrompts.clear();
        m_promptSource.clear();
        m_promptSourceBox->setCurrentIndex(0);
        m_promptInfo->setText(errorText(e));
    }
}

void RecordingDialog::populateDevices()
{
    m_device->clear();
    const auto devices = m_recorder->source().inputDevices();
    m_hasDevice = !devices.empty();
    if (!m_hasDevice) {
        m_device->addItem(tr("No input device"));
        m_device->setEnabled(false);
        m_rate->setEnabled(false);
        m_channel->setEnabled(false);
        m_deviceMessage->setText(
            tr("No audio input device was found (%1). You can still set up and resume sessions, go through "
               "prompts and play back earlier takes; connect a microphone to record.")
                .arg(toQString(m_recorder->source().unavailableReason())));
        m_deviceMessage->show();
        updateActions();
        return;
    }
    m_deviceMessage->hide();
    int def = 0;
    for (const AudioDeviceInfo &d : devices) {
        m_device->addItem(toQString(d.name), QVariantList{d.index, d.maxInputChannels, d.defaultSampleRate});
        if (d.isDefault)
            def = m_device->count() - 1;
    }
    m_device->setCurrentIndex(def);
    onDeviceChanged();
}

void RecordingDialog::onDeviceChanged()
{
    const QVariantList d = m_device->currentData().toList();
    const int channels = std::max(1, d.value(1).toInt());
    const int defaultRate = int(d.value(2).toDouble());
    m_rate->clear();
    for (int r : kRates)
        m_rate->addItem(tr("%1 Hz").arg(r), r);
    int rateIndex = m_rate->findData(48000);
    if (m_rate->findData(defaultRate) >= 0)
        rateIndex = m_rate->findData(defaultRate);
    m_rate->setCurrentIndex(rateIndex);
    m_channel->clear();
    for (int c = 0; c < channels; ++c)
        m_channel->addItem(tr("Channel %1").arg(c + 1), c);
    if (channels > 1)
        m_channel->addItem(tr("Mix of all channels"), -1);
    openInput();
}

void RecordingDialog::openInput()
{
    if (!m_hasDevice || isRecording())
        return;
    RecorderConfig config;
    const QVariantList d = m_device->currentData().toList();
    config.capture.device = d.value(0).toInt();
    config.capture.sampleRate = m_rate->currentData().toInt();
    const int channel = m_channel->currentData().toInt();
    const int deviceChannels = std::max(1, d.value(1).toInt());
    config.capture.channel = channel;
    config.capture.channels = channel < 0 ? deviceChannels : channel + 1;
    try {
        m_recorder->open(config);
        m_deviceMessage->hide();
    } catch (const std::exception &e) {
        m_deviceMessage->setText(errorText(e));
        m_deviceMessage->show();
    }
    updateActions();
}

// --- session ------------------------------------------------------------------------------

SessionSetup RecordingDialog::setupFromForm() const
{
    SessionSetup s;
    const QVariant code = m_language->currentData();
    const QString typed = m_language->currentText().trimmed();
    // A typed entry "fin" or a chosen item "fin — Finnish".
    s.languageCode = (code.isValid() && m_language->itemText(m_language->currentIndex()) == typed)
                         ? code.toString().toStdString()
                         : typed.section(QLatin1Char(' '), 0, 0).toStdString();
    s.speaker.name = m_speaker->text().trimmed().toStdString();
    s.speaker.pseudonym = m_pseudonym->isChecked();
    s.speaker.ageRange = m_ageRange->currentText().trimmed().toStdString();
    s.speaker.dialect = m_dialect->text().trimmed().toStdString();
    s.speaker.place = m_place->text().trimmed().toStdString();
    s.speaker.consent = m_consent->toPlainText().trimmed().toStdString();
    s.prompts = m_loadedPrompts;
    s.promptSource = m_promptSource;
    s.trimSilence = m_autoTrim->isChecked();
    return s;
}

bool RecordingDialog::startSession(const SessionSetup &setup)
{
    if (isRecording())
        stop();
    try {
        m_session = std::make_unique<RecordingSession>(RecordingSession::create(*m_project, setup));
    } catch (const std::exception &e) {
        setMessage(errorText(e), true);
        return false;
    }
    m_hasLastTake = false;
    m_lastWave.reset();
    m_takeView->clear();
    m_takeInfo->clear();
    populateSessions();
    m_sessions->setCurrentIndex(m_sessions->findData(qlonglong(m_session->id())));
    setMessage(m_hasDevice ? tr("Session started. Press R to record, Space to stop.")
                           : tr("Session started. Recording needs an audio input device."));
    refreshSession();
    m_prompt->setFocus();
    return true;
}

bool RecordingDialog::resumeSession(qint64 sessionId)
{
    if (isRecording())
        stop();
    try {
        m_session = std::make_unique<RecordingSession>(RecordingSession::resume(*m_project, sessionId));
    } catch (const std::exception &e) {
        setMessage(errorText(e), true);
        return false;
    }
    m_hasLastTake = false;
    m_lastWave.reset();
    m_takeView->clear();
    m_takeInfo->clear();
    const auto &recovered = m_session->recoveredTakes();
    if (!recovered.empty()) {
        double seconds = 0;
        for (const SavedTake &t : recovered)
            seconds += t.seconds;
        setMessage(tr("Recovered %n take(s) that were cut short (%1 s in all) and saved them.", nullptr,
                      int(recovered.size()))
                       .arg(seconds, 0, 'f', 1));
        showTake(recovered.back());
        for (const SavedTake &t : recovered)
            emit takeSaved(t.recordingId);
    } else {
        const auto takes = m_session->takes();
        if (!takes.empty())
            showTake(takes.back());
        setMessage(tr("Session resumed."));
    }
    // Show the session's speaker and language in the form.
    const SessionSetup &s = m_session->setup();
    const int li = m_language->findData(toQString(s.languageCode));
    if (li >= 0)
        m_language->setCurrentIndex(li);
    else
        m_language->setEditText(toQString(s.languageCode));
    m_speaker->setText(toQString(s.speaker.name));
    m_pseudonym->setChecked(s.speaker.pseudonym);
    m_ageRange->setEditText(toQString(s.speaker.ageRange));
    m_dialect->setText(toQString(s.speaker.dialect));
    m_place->setText(toQString(s.speaker.place));
    m_consent->setPlainText(toQString(s.speaker.consent));
    populateSessions();
    m_sessions->setCurrentIndex(m_sessions->findData(qlonglong(sessionId)));
    refreshSession();
    m_prompt->setFocus();
    return true;
}

bool RecordingDialog::isRecording() const
{
    return m_recorder && m_recorder->isRecording();
}

void RecordingDialog::record()
{
    if (!m_session) {
        setMessage(tr("Start a new session or resume one first."), true);
        return;
    }
    if (isRecording())
        return;
    if (!m_hasDevice) {
        setMessage(tr("Cannot record: %1").arg(toQString(m_recorder->source().unavailableReason())), true);
        return;
    }
    if (!m_recorder->isOpen())
        openInput();
    if (!m_recorder->isOpen()) {
        setMessage(tr("Cannot record: the input device could not be opened (see Input)."), true);
        return;
    }
    const int position = m_session->current();
    if (!m_session->isFree() && position < 0) {
        setMessage(tr("Every prompt is recorded. Choose one in the list to record it again."));
        return;
    }
    if (m_output)
        m_output->stop();
    try {
        m_takePosition = position;
        m_recorder->startTake(m_session->newTakeFile(position));
    } catch (const std::exception &e) {
        setMessage(errorText(e), true);
        return;
    }
    setMessage(tr("Recording\u2026 press Space to stop."));
    updateActions();
}

void RecordingDialog::stop()
{
    if (!isRecording()) {
        if (m_output)
            m_output->stop();
        return;
    }
    try {
        const TakeInfo info = m_recorder->stopTake();
        const SavedTake take = m_session->saveTake(info.file, m_takePosition);
        showTake(take);
        setMessage(tr("Take saved: %1 s.").arg(take.seconds, 0, 'f', 2));
        emit takeSaved(take.recordingId);
    } catch (const std::exception &e) {
        setMessage(tr("The take could not be saved: %1 (it stays in the session folder; resuming the session "
                      "tries again)")
                       .arg(errorText(e)),
                   true);
    }
    refreshSession();
}

void RecordingDialog::rerecord()
{
    if (!m_session)
        return;
    if (isRecording())
        stop();
    if (m_hasLastTake && m_lastTake.position >= 0)
        m_session->setCurrent(m_lastTake.position);
    refreshSession();
    record();
}

void RecordingDialog::previous()
{
    if (!m_session || isRecording() || m_session->isFree())
        return;
    const int n = int(m_session->prompts().size());
    const int cur = m_session->current() < 0 ? n : m_session->current();
    m_session->setCurrent(std::max(0, cur - 1));
    refreshSession();
}

void RecordingDialog::next()
{
    if (!m_session || isRecording())
        return;
    const int n = int(m_session->prompts().size());
    if (n == 0)
        return;
    // Step to the following prompt whatever its status (to check or redo it); the session's
    // own next() (after a take) goes to open prompts only.
    m_session->setCurrent(m_session->current() < 0 ? 0 : (m_session->current() + 1) % n);
    refreshSession();
}

void RecordingDialog::skip()
{
    if (!m_session || isRecording() || m_session->isFree())
        return;
    m_session->skip();
    refreshSession();
}

void RecordingDialog::playBack()
{
    if (!m_lastWave || m_lastWave->samples.empty()) {
        setMessage(tr("No take to play back yet."));
        return;
    }
    if (isRecording())
        return;
    try {
        if (!m_output)
            m_output = createAudioOutput();
        const std::size_t from = std::size_t(std::max(0.0, m_lastTake.segmentStart) * m_lastWave->sampleRate);
        const std::size_t to = std::min(m_lastWave->samples.size(),
                                        std::size_t(m_lastTake.segmentEnd * m_lastWave->sampleRate));
        std::vector<float> part(m_lastWave->samples.begin() + std::ptrdiff_t(std::min(from, to)),
                                m_lastWave->samples.begin() + std::ptrdiff_t(to));
        m_output->play(std::move(part), m_lastWave->sampleRate);
        setMessage(tr("Playing the take."));
    } catch (const std::exception &e) {
        setMessage(errorText(e), true);
    }
}

void RecordingDialog::trimSilence()
{
    if (!m_session || !m_hasLastTake || !m_lastWave || isRecording())
        return;
    const TrimRange r = findSoundRange(m_lastWave->samples, m_lastWave->sampleRate, m_session->setup().trim);
    const double start = double(r.begin) / m_lastWave->sampleRate;
    const double end = double(r.end) / m_lastWave->sampleRate;
    try {
        m_session->setTakeBounds(m_lastTake, start, end);
        m_lastTake.segmentStart = start;
        m_lastTake.segmentEnd = std::min(end, m_lastTake.seconds);
        m_takeView->setKeptRange(m_lastTake.segmentStart, m_lastTake.segmentEnd);
        setMessage(tr("Silence trimmed: the segment keeps %1\u2013%2 s of %3 s.")
                       .arg(m_lastTake.segmentStart, 0, 'f', 2)
                       .arg(m_lastTake.segmentEnd, 0, 'f', 2)
                       .arg(m_lastTake.seconds, 0, 'f', 2));
        emit takeSaved(m_lastTake.recordingId);
    } catch (const std::exception &e) {
        setMessage(errorText(e), true);
    }
}

QString RecordingDialog::message() const
{
    return m_message->text();
}

QString RecordingDialog::promptText() const
{
    return m_prompt->text();
}

void RecordingDialog::setAudioOutput(std::unique_ptr<AudioOutput> output)
{
    m_output = std::move(output);
}

void RecordingDialog::showTake(const SavedTake &take)
{
    m_lastTake = take;
    m_hasLastTake = true;
    const auto rec = m_project->recording(take.recordingId);
    if (!rec) {
        m_takeView->clear();
        return;
    }
    auto wave = std::make_shared<Waveform>(loadWaveform(toQString(m_project->absolute(rec->audioFile)), 0, -1));
    if (!wave->error.isEmpty()) {
        setMessage(wave->error, true);
        m_lastWave.reset();
        m_takeView->clear();
        return;
    }
    m_lastWave = wave;
    m_takeView->setTake(m_lastWave, take.segmentStart, take.segmentEnd);
    const QString what = take.position >= 0 ? tr("prompt %1").arg(take.position + 1) : tr("free recording");
    m_takeInfo->setText(tr("Last take (%1): %2 s, recorded at %3 Hz; the segment keeps %4\u2013%5 s%6")
                            .arg(what)
                            .arg(take.seconds, 0, 'f', 2)
                            .arg(take.sampleRate)
                            .arg(take.segmentStart, 0, 'f', 2)
                            .arg(take.segmentEnd, 0, 'f', 2)
                            .arg(take.recovered ? tr(" (recovered after a crash)") : QString()));
}

void RecordingDialog::refreshSession()
{
    if (!m_session) {
        m_sessionTitle->setText(tr("No session"));
        m_prompt->setText(tr("Fill in speaker and language, choose prompts, then start a session."));
        m_progress->clear();
        m_prompts->setPrompts({}, -1);
        updateActions();
        return;
    }
    const SessionSetup &s = m_session->setup();
    m_sessionTitle->setText(tr("%1 \u2014 %2 \u2014 %3").arg(toQString(s.name), toQString(s.speaker.name), toQString(s.languageCode)));
    m_prompts->setPrompts(m_session->prompts(), m_session->current());
    if (m_session->isFree()) {
        m_prompt->setText(tr("Free recording"));
        m_progress->setText(tr("%n take(s) so far", nullptr, int(m_session->takes().size())));
    } else {
        const int cur = m_session->current();
        const int n = int(m_session->prompts().size());
        int skipped = 0;
        for (const SessionPrompt &p : m_session->prompts())
            skipped += p.status == PromptStatus::Skipped;
        m_prompt->setText(cur >= 0 ? toQString(m_session->prompts()[std::size_t(cur)].text)
                                   : tr("All prompts are recorded."));
        m_progress->setText(cur >= 0 ? tr("Prompt %1 of %2 \u00b7 %3 done \u00b7 %4 skipped")
                                           .arg(cur + 1)
                                           .arg(n)
                                           .arg(m_session->doneCount())
                                           .arg(skipped)
                                     : tr("%1 of %2 done \u00b7 %3 skipped").arg(m_session->doneCount()).arg(n).arg(skipped));
        if (cur >= 0)
            m_promptView->scrollTo(m_prompts->index(cur));
    }
    updateActions();
}

void RecordingDialog::updateActions()
{
    const bool session = m_session != nullptr;
    const bool recording = isRecording();
    const bool prompts = session && !m_session->isFree();
    m_recordAction->setEnabled(session && m_hasDevice && !recording);
    m_stopAction->setEnabled(recording);
    m_rerecordAction->setEnabled(session && m_hasDevice);
    m_previousAction->setEnabled(prompts && !recording);
    m_nextAction->setEnabled(prompts && !recording);
    m_skipAction->setEnabled(prompts && !recording);
    m_playAction->setEnabled(m_hasLastTake && !recording);
    m_trimAction->setEnabled(m_hasLastTake && !recording);
    m_start->setEnabled(!recording);
    m_resume->setEnabled(!recording && m_sessions->count() > 0);
    m_device->setEnabled(m_hasDevice && !recording);
    m_rate->setEnabled(m_hasDevice && !recording);
    m_channel->setEnabled(m_hasDevice && !recording);
    m_promptView->setEnabled(!recording);
}

void RecordingDialog::pollLevels()
{
    if (!m_recorder->isOpen()) {
        m_recIndicator->clear();
        return;
    }
    const InputLevels l = m_recorder->takeLevels();
    m_meter->setLevels(l.peak, l.rms, l.clipped);
    if (isRecording()) {
        m_recIndicator->setText(tr("\u25cf REC %1").arg(formatTime(m_recorder->takeSeconds())));
        m_recIndicator->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    } else {
        m_recIndicator->clear();
        const QString err = toQString(m_recorder->writerError());
        if (!err.isEmpty() && !m_message->text().contains(err))
            setMessage(tr("Recording stopped: %1").arg(err), true);
    }
}

void RecordingDialog::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #a33;") : QString());
    if (!text.isEmpty())
        emit statusMessage(text);
}

void RecordingDialog::closeEvent(QCloseEvent *event)
{
    if (isRecording())
        stop(); // a take is never thrown away
    if (m_output)
        m_output->stop();
    m_recorder->close();
    QDialog::closeEvent(event);
}

// --- demo ---------------------------------------------------------------------------------

void RecordingDialog::runDemo(double seconds)
{
    SessionSetup s;
    const auto languages = m_project->languages();
    s.languageCode = languages.empty() ? "fin" : languages.front().code;
    s.speaker.name = "Speaker 07";
    s.speaker.pseudonym = true;
    s.speaker.ageRange = "40-49";
    s.speaker.dialect = "Northern";
    s.speaker.place = "Kuopio";
    s.speaker.consent = "Oral consent recorded at the start of the session; archive and research use.";
    for (const TextDocument &d : m_project->textDocuments()) {
        if (d.languageId != (languages.empty() ? 0 : languages.front().id))
            continue;
        try {
            auto p = RecordingSession::loadPromptsFromText(*m_project, d.id);
            p.resize(std::min<std::size_t>(p.size(), 15));
            s.prompts = p;
            s.promptSource = "text document " + std::to_string(d.id);
        } catch (const std::exception &) {
        }
        break;
    }
    if (s.prompts.empty())
        s.prompts = {"vesi", "tuli", "kivi", "puu", "The sun rises in the east.", "Where is the river?"};
    m_speaker->setText(toQString(s.speaker.name));
    m_pseudonym->setChecked(true);
    m_ageRange->setEditText(toQString(s.speaker.ageRange));
    m_dialect->setText(toQString(s.speaker.dialect));
    m_place->setText(toQString(s.speaker.place));
    m_consent->setPlainText(toQString(s.speaker.consent));
    if (!startSession(s))
        return;
    record();
    QTimer::singleShot(int(seconds * 1000), this, [this] {
        stop();
        record(); // the next prompt, so the meter and the REC light show a live take
        QTimer::singleShot(900, this, [this] { emit demoReady(); });
    });
}

} // namespace fieldbench
