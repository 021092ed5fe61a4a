#pragma once

#include <QDialog>

#include "fieldbench/audio/audiosource.h"
#include "fieldbench/corpus/recordingsession.h"

#include <memory>
#include <string>
#include <vector>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace fieldbench {

class AudioOutput;
class LevelMeter;
class Project;
class PromptListModel;
class Recorder;
class TakeView;
struct Waveform;

// A recording session in the app: speaker and language (with the consent/metadata fields a
// documentation project keeps), prompts (a text file, a text document of the project, or
// none for free recording), the input device with a live level meter and clip light, the
// current prompt in large type, record / stop / re-record / previous / next / skip / play
// back / trim on keyboard shortcuts, and the waveform and spectrogram of the last take.
//
// Owns its own Project connection (GUI thread) and a Recorder (whose disk writer runs on
// its own thread; the meter polls its atomics on a timer). A take is saved into the catalog
// when it stops (RecordingSession::saveTake(), on the GUI thread: a few tens of ms for a
// take of some seconds). Without an input device the dialog says so and the rest (setting
// up and resuming sessions, browsing prompts, playing back takes) still works. Nothing here
// throws; failures go to message() and statusMessage().
class RecordingDialog : public QDialog
{
    Q_OBJECT

public:
    // Opens `projectDir` (throws fieldbench::Error when it is not a project).
    RecordingDialog(const QString &projectDir, std::unique_ptr<AudioSource> source, QWidget *parent = nullptr);
    ~RecordingDialog() override;

    // The app's capture source: the fake test signal when fake audio is on (--fake-audio,
    // or FIELDBENCH_FAKE_AUDIO=1 in the environment), else createAudioSource().
    static std::unique_ptr<AudioSource> makeAudioSource();
    static void setFakeAudio(bool on);
    static bool fakeAudio();

    // The form as a SessionSetup (prompts as loaded from the chosen source).
    SessionSetup setupFromForm() const;
    // Starts a session (or resumes one); false with message() set when it fails.
    bool startSession(const SessionSetup &setup);
    bool resumeSession(qint64 sessionId);

    RecordingSession *session() const { return m_session.get(); }
    Recorder *recorder() const { return m_recorder.get(); }
    TakeView *takeView() const { return m_takeView; }
    LevelMeter *levelMeter() const { return m_meter; }
    PromptListModel *promptModel() const { return m_prompts; }
    bool hasInputDevice() const { return m_hasDevice; }
    bool isRecording() const;
    const SavedTake *lastTake() const { return m_hasLastTake ? &m_lastTake : nullptr; }
    QString message() const;
    QString promptText() const;
    // Replaces the playback output (tests pass a fake). Takes ownership.
    void setAudioOutput(std::unique_ptr<AudioOutput> output);

    // For the screenshot in the docs (--record-demo): starts a session with demo prompts,
    // records `seconds` of the current source, saves it, starts the next take and emits
    // demoReady() while that one is recording.
    void runDemo(double seconds);

public slots:
    void record();
    void stop();
    void rerecord();
    void previous();
    void next();
    void skip();
    void playBack();
    void trimSilence();

signals:
    void takeSaved(qint64 recordingId);
    void statusMessage(const QString &message);
    void demoReady();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QWidget *createSetupPanel();
    QWidget *createSessionPanel();
    void createActions();
    void populateLanguages();
    void populateSessions();
    void populatePromptSources();
    void populateDevices();
    void onDeviceChanged();
    void onPromptSourceChanged(int index);
    void openInput();
    void pollLevels();
    void refreshSession();
    void showTake(const SavedTake &take);
    void updateActions();
    void setMessage(const QString &text, bool error = false);

    std::unique_ptr<Project> m_project;
    std::unique_ptr<Recorder> m_recorder;
    std::unique_ptr<RecordingSession> m_session;
    std::unique_ptr<AudioOutput> m_output; // created on first play
    std::vector<std::string> m_loadedPrompts;
    std::string m_promptSource;
    bool m_hasDevice = false;
    int m_takePosition = -1;     // prompt of the take being recorded
    SavedTake m_lastTake;
    bool m_hasLastTake = false;
    std::shared_ptr<const Waveform> m_lastWave; // 16 kHz samples of the last take

    // setup panel
    QComboBox *m_language;
    QLineEdit *m_speaker;
    QCheckBox *m_pseudonym;
    QComboBox *m_ageRange;
    QLineEdit *m_dialect;
    QLineEdit *m_place;
    QPlainTextEdit *m_consent;
    QComboBox *m_promptSourceBox;
    QLabel *m_promptInfo;
    QCheckBox *m_autoTrim;
    QPushButton *m_start;
    QComboBox *m_sessions;
    QPushButton *m_resume;
    QComboBox *m_device;
    QComboBox *m_rate;
    QComboBox *m_channel;
    LevelMeter *m_meter;
    QLabel *m_deviceMessage;

    // session panel
    QLabel *m_sessionTitle;
    QLabel *m_prompt;
    QLabel *m_progress;
    QLabel *m_recIndicator;
    QListView *m_promptView;
    PromptListModel *m_prompts;
    TakeView *m_takeView;
    QLabel *m_takeInfo;
    QLabel *m_message;
    QTimer *m_levelTimer;

    QAction *m_recordAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_rerecordAction = nullptr;
    QAction *m_previousAction = nullptr;
    QAction *m_nextAction = nullptr;
    QAction *m_skipAction = nullptr;
    QAction *m_playAction = nullptr;
    QAction *m_trimAction = nullptr;
};

} // namespace fieldbench
