#pragma once

#include <QMainWindow>
#include <QPointer>

#include "fieldbench/corpus/importer.h"

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QListWidget;
class QMenu;
class QProgressBar;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace fieldbench {

class CodebookPage;
class CorpusBrowser;
class ImportController;
class ImportDialog;
class ImportReportDialog;
class RecordingDialog;
class TranscribeDialog;
class LanguageModel;
class Project;
class SegmentDetails;
class TrainingWindow;

// The Fieldbench main window: one open project at a time (its own Project object on the
// GUI thread), the corpus browser in the middle, the languages and the selected segment in
// docks, File menu with New/Open/Open Recent/Import/Quit, and drag-and-drop of files and
// folders anywhere on the window (an import, or opening a dropped project folder).
//
// Nothing here blocks on a job: imports run on ImportController's thread, dialogs that come
// up on their own (import options, import report, errors) are opened with open()/show(),
// never exec(), so tests can drive them.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens the project folder; on failure shows why (non-modal) and returns false.
    bool openProject(const QString &dir);
    // Creates a project folder (the folder may exist, empty) and opens it.
    bool createProject(const QString &dir);
    void closeProject();
    bool hasProject() const { return m_project != nullptr; }
    QString projectDir() const;

    // What a drop or the Import menu does: a single dropped project folder is opened,
    // anything else opens the ImportDialog (non-modal; see importDialog()), whose OK starts
    // the import.
    void importPaths(const QStringList &paths);
    // Starts importing without asking. Returns false when no project is open or an import
    // is running.
    bool startImport(const QStringList &paths, const ImportOptions &options);

    // Reads the catalog again into every view.
    void reload();

    // Opens (or raises) the recording session dialog on the open project (non-modal);
    // null with an error shown when no project is open or it cannot be opened.
    RecordingDialog *openRecordingSession();
    RecordingDialog *recordingDialog() const;

    CorpusBrowser *corpusBrowser() const { return m_browser; }
    SegmentDetails *segmentDetails() const { return m_details; }
    LanguageModel *languageModel() const { return m_languageModel; }
    ImportController *importController() const { return m_imports; }
    // The import dialog currently shown, if any.
    ImportDialog *importDialog() const;
    // The report of the last import with problems, while it is shown.
    ImportReportDialog *importReport() const;
    const ImportSummary &lastImportSummary() const { return m_lastSummary; }
    // Analysis > Codebook Sharing: the page in its own window (created on first use, kept
    // on the open project).
    CodebookPage *openCodebookPage();
    CodebookPage *codebookPage() const;
    // The Training window (runs, live plots), made on first use; it follows the open
    // project's runs/ folder.
    TrainingWindow *trainingWindow();
    // Training > Transcribe Selected Segments: the segments selected in the corpus browser
    // (else the current one) in a TranscribeDialog (non-modal); null with an error shown when
    // no project is open or nothing is selected. Saving there reloads the views.
    TranscribeDialog *openTranscribeDialog();
    TranscribeDialog *transcribeDialog() const;

signals:
    void projectOpened(const QString &dir);
    void projectClosed();
    void importFinished(const fieldbench::ImportSummary &summary);
    void importFailed(const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void createStatusBar();
    QWidget *createWelcomePage();
    void updateRecentProjects();
    void updateActions();
    void updateWindowTitle();
    void updateProjectStatus();
    void showError(const QString &title, const QString &text);
    // The docks belong to a project: hidden on the welcome page, shown again as they were.
    void setProjectDocksVisible(bool visible);
    void createTrainingMenu();

    void newProjectInteractive();
    void openProjectInteractive();
    void importFilesInteractive();
    void importFolderInteractive();

    void onCurrentSegmentChanged(int sourceRow);
    void onImportStarted();
    void onImportProgress(int done, int total, const QString &file);
    void onImportFinished(const ImportSummary &summary);
    void onImportFailed(const QString &message);

    std::unique_ptr<Project> m_project; // GUI thread's connection; null when none is open
    ImportController *m_imports;
    ImportSummary m_lastSummary;
    QPointer<ImportDialog> m_importDialog;
    QPointer<ImportReportDialog> m_importReport;
    QPointer<RecordingDialog> m_recordingDialog;
    QPointer<CodebookPage> m_codebookPage;
    QPointer<TrainingWindow> m_training;
    QPointer<TranscribeDialog> m_transcribeDialog;

    QStackedWidget *m_pages;
    QListWidget *m_welcomeRecent = nullptr;
    CorpusBrowser *m_browser;
    SegmentDetails *m_details;
    LanguageModel *m_languageModel;
    QSortFilterProxyModel *m_languageProxy;
    QTableView *m_languageView = nullptr;
    QDockWidget *m_languageDock = nullptr;
    QDockWidget *m_detailsDock = nullptr;
    bool m_languageDockWanted = true; // visibility of the docks while a project is open
    bool m_detailsDockWanted = true;

    QLabel *m_projectStatus = nullptr;
    QLabel *m_importStatus = nullptr;
    QProgressBar *m_importProgress = nullptr;
    QToolButton *m_cancelImport = nullptr;

    QAction *m_newAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_importFilesAction = nullptr;
    QAction *m_importFolderAction = nullptr;
    QAction *m_reloadAction = nullptr;
    QAction *m_recordAction = nullptr;
    QAction *m_closeAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_quitAction = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
};

} // namespace fieldbench
