#include "mainwindow.h"

#include "codebookpage.h"
#include "convert.h"
#include "corpusbrowser.h"
#include "corpusfilterproxy.h"
#include "corpusmodel.h"
#include "importcontroller.h"
#include "importdialog.h"
#include "importreportdialog.h"
#include "languagemodel.h"
#include "recentprojects.h"
#include "recordingdialog.h"
#include "segmentdetails.h"
#include "settingsdialog.h"
#include "trainingwindow.h"
#include "transcribedialog.h"

#include "fieldbench/corpus/project.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScrollBar>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QItemSelectionModel>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace fieldbench {

namespace {

const QString kImportLanguageKey = QStringLiteral("import/language");
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
constexpr int kStatusTimeout = 8000; // ms

// Local paths of a drag, or an empty list when it carries anything else.
QStringList localPaths(const QMimeData *mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    for (const QUrl &url : mime->urls()) {
        if (!url.isLocalFile())
            return {};
        paths << QDir::cleanPath(url.toLocalFile());
    }
    return paths;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_imports(new ImportController(this))
    , m_pages(new QStackedWidget(this))
    , m_browser(new CorpusBrowser(this))
    , m_details(new SegmentDetails(this))
    , m_languageModel(new LanguageModel(this))
    , m_languageProxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setWindowIcon(QIcon(QStringLiteral(":/icons/fieldbench-256.png")));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    m_pages->addWidget(createWelcomePage());
    m_pages->addWidget(m_browser);
    setCentralWidget(m_pages);

    createActions();
    createMenus();
    createTrainingMenu();
    createDocks();
    createStatusBar();

    connect(m_browser, &CorpusBrowser::currentRowChanged, this, &MainWindow::onCurrentSegmentChanged);
    connect(m_details, &SegmentDetails::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, kStatusTimeout); });
    // ImportController delivers these on the GUI thread (it queues them from its worker).
    connect(m_imports, &ImportController::started, this, &MainWindow::onImportStarted);
    connect(m_imports, &ImportController::progress, this, &MainWindow::onImportProgress);
    connect(m_imports, &ImportController::finished, this, &MainWindow::onImportFinished);
    connect(m_imports, &ImportController::failed, this, &MainWindow::onImportFailed);

    const QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1400, 860);
    restoreState(settings.value(kStateKey).toByteArray());

    updateRecentProjects();
    updateActions();
    updateWindowTitle();
    updateProjectStatus();
    setProjectDocksVisible(false);
}

MainWindow::~MainWindow()
{
    // Cancels a running import and waits for its thread while the window is still whole
    // (the worker uses its own Project, never m_project).
    delete m_imports;
    m_imports = nullptr;
}

ImportDialog *MainWindow::importDialog() const
{
    return m_importDialog;
}

ImportReportDialog *MainWindow::importReport() const
{
    return m_importReport;
}

QString MainWindow::projectDir() const
{
    return m_project ? toQString(m_project->dir()) : QString();
}

// --- project ---------------------------------------------------------------------------

bool MainWindow::openProject(const QString &dir)
{
    if (m_imports->isRunning()) {
        // Project::open() tidies the folder; it must not race the running import.
        showError(tr("Open Project"), tr("Wait for the import to finish or cancel it first."));
        return false;
    }
    std::unique_ptr<Project> project;
    try {
        project = std::make_unique<Project>(Project::open(toPath(dir)));
    } catch (const std::exception &e) {
        showError(tr("Open Project"), tr("Cannot open the project \"%1\".\n\n%2")
                                          .arg(QDir::toNativeSeparators(dir), QString::fromUtf8(e.what())));
        return false;
    }
    closeProject();
    m_project = std::move(project);
    RecentProjects::add(dir);
    updateRecentProjects();
    m_pages->setCurrentWidget(m_browser);
    setProjectDocksVisible(true);
    reload();
    updateActions();
    updateWindowTitle();
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(projectDir())), kStatusTimeout);
    emit projectOpened(projectDir());
    return true;
}

bool MainWindow::createProject(const QString &dir)
{
    try {
        Project::create(toPath(dir), QFileInfo(dir).fileName().toStdString());
    } catch (const std::exception &e) {
        showError(tr("New Project"), tr("Cannot create a project in \"%1\".\n\n%2")
                                         .arg(QDir::toNativeSeparators(dir), QString::fromUtf8(e.what())));
        return false;
    }
    return openProject(dir);
}

void MainWindow::closeProject()
{
    if (!m_project)
        return;
    if (m_importDialog)
        m_importDialog->reject();
    if (m_recordingDialog)
        m_recordingDialog->close(); // saves a take that is being recorded
    delete m_recordingDialog;
    m_imports->cancel();
    m_details->clear();
    m_browser->clear();
    m_languageModel->clear();
    m_languageDockWanted = !m_languageDock->isHidden();
    m_detailsDockWanted = !m_detailsDock->isHidden();
    m_project.reset();
    m_pages->setCurrentIndex(0);
    setProjectDocksVisible(false);
    updateActions();
    updateWindowTitle();
    updateProjectStatus();
    emit projectClosed();
}

void MainWindow::reload()
{
    if (!m_project)
        return;
    try {
        m_languageModel->reload(*m_project);
        m_browser->reload(*m_project);
    } catch (const std::exception &e) {
        showError(tr("Reload"), tr("Cannot read the project catalog.\n\n%1").arg(QString::fromUtf8(e.what())));
    }
    m_languageView->resizeColumnsToContents();
    // Widen the languages dock to show every column, unless the user made it wider.
    int width = 2 * m_languageView->frameWidth() + m_languageView->verticalScrollBar()->sizeHint().width() + 4;
    for (int column = 0; column < m_languageProxy->columnCount(); ++column)
        width += m_languageView->columnWidth(column);
    if (m_languageDock->width() < width)
        resizeDocks({m_languageDock}, {width}, Qt::Horizontal);
    if (m_browser->model()->rowCount() == 0)
        m_details->clear();
    updateProjectStatus();
}

// --- import ----------------------------------------------------------------------------

void MainWindow::importPaths(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    if (paths.size() == 1 && Project::isProject(toPath(paths.first()))) {
        openProject(paths.first());
        return;
    }
    if (!m_project) {
        showError(tr("Import"), tr("Create or open a project first; then drop recordings, "
                                   "annotations or text onto the window to import them."));
        return;
    }
    if (m_imports->isRunning()) {
        statusBar()->showMessage(tr("An import is running; drop the files again when it has finished."),
                                 kStatusTimeout);
        return;
    }
    if (m_importDialog)
        m_importDialog->reject();

    ImportDialog *dialog = nullptr;
    try {
        dialog = new ImportDialog(paths, this); // loads the ISO 639-3 catalog on first use
    } catch (const std::exception &e) {
        showError(tr("Import"), QString::fromUtf8(e.what()));
        return;
    }
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QStringList languages;
    QStringList speakers;
    try {
        for (const Language &l : m_project->languages())
            languages << toQString(l.code);
        for (const Speaker &s : m_project->speakers())
            speakers << toQString(s.name);
    } catch (const std::exception &) {
        // Suggestions only; the dialog works without them.
    }
    dialog->setProjectLanguages(languages);
    dialog->setKnownSpeakers(speakers);
    const QString lastLanguage = QSettings().value(kImportLanguageKey).toString();
    if (!lastLanguage.isEmpty())
        dialog->selectLanguage(lastLanguage);

    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        QSettings().setValue(kImportLanguageKey, dialog->languageCode());
        startImport(dialog->paths(), dialog->options());
    });
    m_importDialog = dialog;
    dialog->open(); // window-modal, returns at once
}

bool MainWindow::startImport(const QStringList &paths, const ImportOptions &options)
{
    if (!m_project)
        return false;
    return m_imports->start(projectDir(), paths, options);
}

void MainWindow::onImportStarted()
{
    m_importProgress->setRange(0, 0); // busy until the first progress report
    m_importProgress->show();
    m_cancelImport->setEnabled(true);
    m_cancelImport->show();
    m_importStatus->setText(tr("Importing\u2026"));
    m_importStatus->show();
    updateActions();
}

void MainWindow::onImportProgress(int done, int total, const QString &file)
{
    if (total > 0) {
        m_importProgress->setRange(0, total);
        m_importProgress->setValue(done);
    }
    const QString name = QFileInfo(file).fileName();
    m_importStatus->setText(tr("Importing %1 of %2: %3").arg(done).arg(total).arg(name));
}

void MainWindow::onImportFinished(const ImportSummary &summary)
{
    m_importProgress->hide();
    m_cancelImport->hide();
    m_importStatus->hide();
    m_lastSummary = summary;
    reload();
    updateActions();

    const QString text = ImportReportDialog::summaryText(summary);
    statusBar()->showMessage(text, 0);
    if (!summary.issues.empty() || summary.failed > 0) {
        if (m_importReport)
            m_importReport->close();
        auto *report = new ImportReportDialog(summary, this);
        report->setAttribute(Qt::WA_DeleteOnClose);
        m_importReport = report;
        report->show(); // not modal: the corpus stays usable
    }
    emit importFinished(summary);
}

void MainWindow::onImportFailed(const QString &message)
{
    m_importProgress->hide();
    m_cancelImport->hide();
    m_importStatus->hide();
    reload(); // whatever committed before the failure
    updateActions();
    showError(tr("Import"), tr("The import stopped.\n\n%1").arg(message));
    emit importFailed(message);
}

// --- drag and drop -----------------------------------------------------------------------

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!localPaths(event->mimeData()).isEmpty())
        event->acceptProposedAction();
    else
        event->ignore();
}

void MainWindow::dragMoveEvent(QDragMoveEvent *event)
{
    if (!localPaths(event->mimeData()).isEmpty())
        event->acceptProposedAction();
    else
        event->ignore();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList paths = localPaths(event->mimeData());
    if (paths.isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    // Let the drag source finish before a dialog comes up (queued to this thread).
    QMetaObject::invokeMethod(this, [this, paths] { importPaths(paths); }, Qt::QueuedConnection);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_imports->isRunning())
        m_imports->cancel(); // the controller's destructor waits for the worker to stop
    m_details->stop();
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    event->accept();
}

// --- construction ------------------------------------------------------------------------

void MainWindow::createActions()
{
    m_newAction = new QAction(style()->standardIcon(QStyle::SP_FileDialogNewFolder), tr("&New Project\u2026"), this);
    m_newAction->setShortcut(QKeySequence::New);
    connect(m_newAction, &QAction::triggered, this, &MainWindow::newProjectInteractive);

    m_openAction = new QAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open Project\u2026"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openProjectInteractive);

    m_importFilesAction = new QAction(style()->standardIcon(QStyle::SP_FileIcon), tr("&Import Files\u2026"), this);
    m_importFilesAction->setShortcut(QKeySequence(tr("Ctrl+I")));
    connect(m_importFilesAction, &QAction::triggered, this, &MainWindow::importFilesInteractive);

    m_importFolderAction = new QAction(style()->standardIcon(QStyle::SP_DirIcon), tr("Import &Folder\u2026"), this);
    m_importFolderAction->setShortcut(QKeySequence(tr("Ctrl+Shift+I")));
    connect(m_importFolderAction, &QAction::triggered, this, &MainWindow::importFolderInteractive);

    m_reloadAction = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Reload"), this);
    m_reloadAction->setShortcut(QKeySequence::Refresh);
    connect(m_reloadAction, &QAction::triggered, this, &MainWindow::reload);

    m_recordAction = new QAction(style()->standardIcon(QStyle::SP_MediaVolume), tr("&Record Session\u2026"), this);
    m_recordAction->setObjectName(QStringLiteral("recordSessionAction"));
    m_recordAction->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));
    connect(m_recordAction, &QAction::triggered, this, &MainWindow::openRecordingSession);

    m_closeAction = new QAction(tr("&Close Project"), this);
    m_closeAction->setShortcut(QKeySequence::Close);
    connect(m_closeAction, &QAction::triggered, this, &MainWindow::closeProject);

    m_settingsAction = new QAction(tr("&Settings\u2026"), this);
    m_settingsAction->setShortcut(QKeySequence::Preferences);
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, [this] {
        auto *dialog = new SettingsDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newAction);
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::updateRecentProjects);
    file->addSeparator();
    file->addAction(m_importFilesAction);
    file->addAction(m_importFolderAction);
    file->addAction(m_recordAction);
    file->addSeparator();
    file->addAction(m_reloadAction);
    file->addAction(m_closeAction);
    file->addSeparator();
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    m_viewMenu = menuBar()->addMenu(tr("&View"));

    QMenu *analysis = menuBar()->addMenu(tr("&Analysis"));
    QAction *codebook = analysis->addAction(tr("&Codebook Sharing\u2026"), this, &MainWindow::openCodebookPage);
    codebook->setObjectName(QStringLiteral("codebookAction"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Fieldbench"), this, [this] {
        QMessageBox::about(this, tr("About Fieldbench"),
                           tr("<h3>Fieldbench %1</h3><p>A workbench for speech and text models "
                              "of low-resource languages.</p>")
                               .arg(QStringLiteral(FIELDBENCH_VERSION)));
    });

    QToolBar *toolBar = addToolBar(tr("Project"));
    toolBar->setObjectName(QStringLiteral("projectToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addAction(m_newAction);
    toolBar->addAction(m_openAction);
    toolBar->addSeparator();
    toolBar->addAction(m_importFilesAction);
    toolBar->addAction(m_importFolderAction);
    toolBar->addAction(m_recordAction);
    m_viewMenu->addAction(toolBar->toggleViewAction());
}

void MainWindow::createDocks()
{
    m_languageProxy->setSourceModel(m_languageModel);
    m_languageProxy->setSortRole(LanguageModel::SortRole);
    m_languageView = new QTableView(this);
    m_languageView->setObjectName(QStringLiteral("languageView"));
    m_languageView->setModel(m_languageProxy);
    m_languageView->setSortingEnabled(true);
    m_languageView->sortByColumn(LanguageModel::NameColumn, Qt::AscendingOrder);
    m_languageView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_languageView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_languageView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_languageView->setAlternatingRowColors(true);
    m_languageView->setWordWrap(false);
    m_languageView->verticalHeader()->hide();
    m_languageView->verticalHeader()->setDefaultSectionSize(m_languageView->fontMetrics().height() + 8);
    m_languageView->horizontalHeader()->setStretchLastSection(false);
    m_languageView->setToolTip(tr("Click a language to show only its segments."));
    // A click on a language filters the corpus by it.
    connect(m_languageView, &QTableView::clicked, this, [this](const QModelIndex &index) {
        m_browser->setLanguageFilter(index.data(LanguageModel::CodeRole).toString());
    });

    m_languageDock = new QDockWidget(tr("Languages"), this);
    m_languageDock->setObjectName(QStringLiteral("languageDock"));
    m_languageDock->setWidget(m_languageView);
    addDockWidget(Qt::LeftDockWidgetArea, m_languageDock);

    m_detailsDock = new QDockWidget(tr("Segment"), this);
    m_detailsDock->setObjectName(QStringLiteral("segmentDock"));
    m_detailsDock->setWidget(m_details);
    addDockWidget(Qt::BottomDockWidgetArea, m_detailsDock);
    resizeDocks({m_languageDock}, {440}, Qt::Horizontal);
    resizeDocks({m_detailsDock}, {300}, Qt::Vertical);

    m_viewMenu->addAction(m_languageDock->toggleViewAction());
    m_viewMenu->addAction(m_detailsDock->toggleViewAction());
}

void MainWindow::createStatusBar()
{
    m_importStatus = new QLabel(this);
    m_importStatus->setObjectName(QStringLiteral("importStatus"));
    m_importProgress = new QProgressBar(this);
    m_importProgress->setObjectName(QStringLiteral("importProgress"));
    m_importProgress->setMaximumWidth(220);
    m_importProgress->setTextVisible(true);
    m_cancelImport = new QToolButton(this);
    m_cancelImport->setObjectName(QStringLiteral("cancelImport"));
    m_cancelImport->setText(tr("Cancel"));
    m_cancelImport->setToolTip(tr("Stop the import after the current file; what is imported stays."));
    m_cancelImport->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
    m_cancelImport->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_cancelImport, &QToolButton::clicked, this, [this] {
        m_imports->cancel();
        m_cancelImport->setEnabled(false);
        m_importStatus->setText(tr("Cancelling\u2026"));
    });
    m_projectStatus = new QLabel(this);
    m_projectStatus->setObjectName(QStringLiteral("projectStatus"));

    statusBar()->addPermanentWidget(m_importStatus);
    statusBar()->addPermanentWidget(m_importProgress);
    statusBar()->addPermanentWidget(m_cancelImport);
    statusBar()->addPermanentWidget(m_projectStatus);
    m_importStatus->hide();
    m_importProgress->hide();
    m_cancelImport->hide();
}

QWidget *MainWindow::createWelcomePage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("welcomePage"));

    auto *icon = new QLabel(page);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/fieldbench-256.png")).pixmap(96, 96));
    icon->setAlignment(Qt::AlignCenter);
    auto *title = new QLabel(tr("Fieldbench"), page);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.0);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    auto *hint = new QLabel(tr("Create or open a project. Then drop recordings, ELAN or Praat "
                               "annotations, transcripts and text anywhere on this window to "
                               "import them."),
                            page);
    hint->setWordWrap(true);
    hint->setAlignment(Qt::AlignCenter);

    auto *newButton = new QPushButton(tr("New Project\u2026"), page);
    auto *openButton = new QPushButton(tr("Open Project\u2026"), page);
    connect(newButton, &QPushButton::clicked, this, &MainWindow::newProjectInteractive);
    connect(openButton, &QPushButton::clicked, this, &MainWindow::openProjectInteractive);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(newButton);
    buttons->addWidget(openButton);
    buttons->addStretch();

    m_welcomeRecent = new QListWidget(page);
    m_welcomeRecent->setObjectName(QStringLiteral("welcomeRecent"));
    m_welcomeRecent->setMaximumHeight(180);
    m_welcomeRecent->setAcceptDrops(false);
    connect(m_welcomeRecent, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { openProject(item->data(Qt::UserRole).toString()); });

    // Everything in one centred column of readable width.
    auto *content = new QWidget(page);
    content->setMinimumWidth(600);
    auto *column = new QVBoxLayout(content);
    column->addWidget(icon);
    column->addWidget(title);
    column->addWidget(hint);
    column->addSpacing(12);
    column->addLayout(buttons);
    column->addSpacing(18);
    column->addWidget(new QLabel(tr("Recent projects:"), content));
    column->addWidget(m_welcomeRecent);

    auto *layout = new QGridLayout(page);
    layout->addWidget(content, 0, 0, Qt::AlignCenter);
    return page;
}

// --- state ---------------------------------------------------------------------------------

void MainWindow::updateRecentProjects()
{
    const QStringList projects = RecentProjects::list();
    if (m_recentMenu) {
        m_recentMenu->clear();
        for (const QString &dir : projects) {
            QAction *action = m_recentMenu->addAction(QDir::toNativeSeparators(dir));
            connect(action, &QAction::triggered, this, [this, dir] {
                if (!openProject(dir) && !Project::isProject(toPath(dir)))
                    RecentProjects::remove(dir);
            });
        }
        if (!projects.isEmpty()) {
            m_recentMenu->addSeparator();
            m_recentMenu->addAction(tr("Clear Menu"), this, [this] {
                RecentProjects::clear();
                updateRecentProjects();
            });
        }
        m_recentMenu->setEnabled(!projects.isEmpty());
    }
    if (m_welcomeRecent) {
        m_welcomeRecent->clear();
        for (const QString &dir : projects) {
            auto *item = new QListWidgetItem(QStringLiteral("%1 \u2014 %2")
                                                 .arg(QFileInfo(dir).fileName(), QDir::toNativeSeparators(dir)),
                                             m_welcomeRecent);
            item->setData(Qt::UserRole, dir);
        }
        if (projects.isEmpty())
            new QListWidgetItem(tr("(none yet)"), m_welcomeRecent);
    }
}

void MainWindow::updateActions()
{
    const bool importing = m_imports->isRunning();
    const bool open = hasProject();
    m_newAction->setEnabled(!importing);
    m_openAction->setEnabled(!importing);
    m_recentMenu->setEnabled(!importing && !RecentProjects::list().isEmpty());
    m_importFilesAction->setEnabled(open && !importing);
    m_importFolderAction->setEnabled(open && !importing);
    m_reloadAction->setEnabled(open);
    m_recordAction->setEnabled(open);
    m_closeAction->setEnabled(open && !importing);
}

void MainWindow::updateWindowTitle()
{
    if (!m_project) {
        setWindowTitle(tr("Fieldbench"));
        return;
    }
    QString name;
    try {
        name = toQString(m_project->name());
    } catch (const std::exception &) {
    }
    if (name.isEmpty())
        name = QFileInfo(projectDir()).fileName();
    setWindowTitle(tr("%1 \u2014 Fieldbench").arg(name));
}

void MainWindow::updateProjectStatus()
{
    if (!m_project) {
        m_projectStatus->setText(tr("No project"));
        return;
    }
    double seconds = 0;
    int segments = 0;
    for (int row = 0; row < m_languageModel->rowCount(); ++row) {
        seconds += m_languageModel->stats(row).audioSeconds;
        segments += int(m_languageModel->stats(row).segments);
    }
    m_projectStatus->setText(tr("%1 languages \u00b7 %2 segments \u00b7 %3 of audio")
                                 .arg(m_languageModel->rowCount())
                                 .arg(segments)
                                 .arg(formatHours(seconds)));
    m_projectStatus->setToolTip(QDir::toNativeSeparators(projectDir()));
}

void MainWindow::setProjectDocksVisible(bool visible)
{
    if (visible) {
        m_languageDock->setVisible(m_languageDockWanted);
        m_detailsDock->setVisible(m_detailsDockWanted);
    } else {
        m_languageDock->hide();
        m_detailsDock->hide();
    }
    for (QDockWidget *dock : {m_languageDock, m_detailsDock})
        dock->toggleViewAction()->setEnabled(visible);
}

void MainWindow::showError(const QString &title, const QString &text)
{
    statusBar()->showMessage(text.section(QLatin1Char('\n'), 0, 0), kStatusTimeout);
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // window-modal without a nested event loop
}

// --- interactive entry points (file dialogs) -----------------------------------------------

void MainWindow::newProjectInteractive()
{
    const QString dir = QFileDialog::getSaveFileName(
        this, tr("New Project Folder"), QDir::homePath() + QStringLiteral("/fieldbench-project"),
        QString(), nullptr, QFileDialog::DontConfirmOverwrite);
    if (!dir.isEmpty())
        createProject(dir);
}

void MainWindow::openProjectInteractive()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Project Folder"), QDir::homePath());
    if (!dir.isEmpty())
        openProject(dir);
}

void MainWindow::importFilesInteractive()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import Files"), QDir::homePath(),
        tr("Recordings, annotations and text (*.wav *.flac *.ogg *.opus *.mp3 *.sph *.aif *.aiff "
           "*.eaf *.TextGrid *.tsv *.json *.jsonl *.txt *.lab);;All files (*)"));
    if (!files.isEmpty())
        importPaths(files);
}

void MainWindow::importFolderInteractive()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Import Folder"), QDir::homePath());
    if (!dir.isEmpty())
        importPaths({dir});
}

// --- selection -------------------------------------------------------------------------------

void MainWindow::onCurrentSegmentChanged(int sourceRow)
{
    CorpusModel *model = m_browser->model();
    if (sourceRow < 0 || sourceRow >= model->rowCount()) {
        m_details->clear();
        return;
    }
    if (model->row(sourceRow).segmentId == m_details->segmentId() && m_details->segmentId() != 0)
        return; // same segment after a reload
    m_details->showSegment(model->row(sourceRow), model->tiers());
}

// --- recording ----------------------------------------------------------------------------

RecordingDialog *MainWindow::openRecordingSession()
{
    if (!m_project)
        return nullptr;
    if (!m_recordingDialog) {
        try {
            m_recordingDialog = new RecordingDialog(projectDir(), RecordingDialog::makeAudioSource(), this);
        } catch (const std::exception &e) {
            showError(tr("Recording"), QString::fromUtf8(e.what()));
            return nullptr;
        }
        m_recordingDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_recordingDialog, &RecordingDialog::takeSaved, this, &MainWindow::reload);
        connect(m_recordingDialog, &RecordingDialog::statusMessage, this,
                [this](const QString &message) { statusBar()->showMessage(message, kStatusTimeout); });
    }
    m_recordingDialog->show();
    m_recordingDialog->raise();
    m_recordingDialog->activateWindow();
    return m_recordingDialog;
}

RecordingDialog *MainWindow::recordingDialog() const
{
    return m_recordingDialog;
}

// --- analysis ----------------------------------------------------------------------------

CodebookPage *MainWindow::codebookPage() const
{
    return m_codebookPage;
}

CodebookPage *MainWindow::openCodebookPage()
{
    if (!m_codebookPage) {
        m_codebookPage = new CodebookPage(this);
        m_codebookPage->setWindowFlag(Qt::Window);
        m_codebookPage->resize(1500, 900);
        connect(this, &MainWindow::projectOpened, m_codebookPage, &CodebookPage::setProjectDir);
        connect(this, &MainWindow::projectClosed, m_codebookPage, [this] { m_codebookPage->setProjectDir({}); });
    }
    m_codebookPage->setProjectDir(hasProject() ? projectDir() : QString());
    m_codebookPage->show();
    m_codebookPage->raise();
    m_codebookPage->activateWindow();
    return m_codebookPage;
}

// --- training ---------------------------------------------------------------------------------

TrainingWindow *MainWindow::trainingWindow()
{
    if (!m_training) {
        m_training = new TrainingWindow(this);
        m_training->setWindowFlag(Qt::Window);
        m_training->setProjectDir(projectDir());
    }
    return m_training;
}

TranscribeDialog *MainWindow::transcribeDialog() const
{
    return m_transcribeDialog;
}

TranscribeDialog *MainWindow::openTranscribeDialog()
{
    if (!hasProject()) {
        showError(tr("Transcribe"), tr("Open a project first."));
        return nullptr;
    }
    if (m_transcribeDialog && m_transcribeDialog->isRunning()) {
        m_transcribeDialog->raise();
        m_transcribeDialog->activateWindow();
        return m_transcribeDialog;
    }
    // The selected rows of the browser (in its order), else its current row.
    QTableView *view = m_browser->view();
    QModelIndexList picked = view->selectionModel() ? view->selectionModel()->selectedRows() : QModelIndexList();
    if (picked.isEmpty() && view->currentIndex().isValid())
        picked.push_back(view->currentIndex());
    std::sort(picked.begin(), picked.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    const CorpusModel *corpus = m_browser->model();
    const QString tier = QStringLiteral("asr");
    const int tierColumn = corpus->tierColumn(tier);
    std::vector<TranscriptionModel::Row> rows;
    for (const QModelIndex &index : picked) {
        const QModelIndex source = m_browser->proxy()->mapToSource(index);
        if (!source.isValid())
            continue;
        const CorpusModel::Row &r = corpus->row(source.row());
        TranscriptionModel::Row row;
        row.segmentId = r.segmentId;
        row.recording = r.recording;
        row.audioFile = r.audioFile;
        row.start = r.start;
        row.end = r.end;
        if (tierColumn >= 0)
            row.existing = corpus->data(corpus->index(source.row(), tierColumn)).toString();
        rows.push_back(std::move(row));
    }
    if (rows.empty()) {
        showError(tr("Transcribe"), tr("Select the segments to transcribe in the corpus table first."));
        return nullptr;
    }
    delete m_transcribeDialog; // a finished one: the new selection replaces it
    m_transcribeDialog = new TranscribeDialog(projectDir(), std::move(rows), this);
    m_transcribeDialog->setWindowFlag(Qt::Window);
    m_transcribeDialog->setTier(tier);
    connect(m_transcribeDialog, &TranscribeDialog::saved, this, [this] { reload(); });
    m_transcribeDialog->show();
    return m_transcribeDialog;
}

void MainWindow::createTrainingMenu()
{
    auto *menu = new QMenu(tr("&Training"), this);
    menu->setObjectName(QStringLiteral("trainingMenu"));
    QAction *runs = menu->addAction(tr("&Runs and Live Plots…"), this, [this] {
        TrainingWindow *w = trainingWindow();
        w->show();
        w->raise();
        w->activateWindow();
    });
    runs->setShortcut(QKeySequence(tr("Ctrl+T")));
    QAction *newRun = menu->addAction(tr("&New Run…"), this, [this] {
        TrainingWindow *w = trainingWindow();
        w->show();
        w->newRun();
    });
    menu->addAction(tr("&Open Run Folder…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Run Folder"), projectDir());
        if (dir.isEmpty())
            return;
        TrainingWindow *w = trainingWindow();
        w->show();
        w->openRunFolder(dir);
    });
    menu->addSeparator();
    QAction *transcribe = menu->addAction(tr("&Transcribe Selected Segments…"), this, &MainWindow::openTranscribeDialog);
    transcribe->setObjectName(QStringLiteral("transcribeAction"));
    transcribe->setToolTip(tr("Transcribe the selected segments with a CTC model, review and correct the result, "
                              "and save it as a transcript tier"));
    connect(menu, &QMenu::aboutToShow, this, [this, newRun, transcribe] {
        newRun->setEnabled(hasProject());
        transcribe->setEnabled(hasProject());
    });
    // Before Help, whatever other menus exist by then.
    const QList<QAction *> top = menuBar()->actions();
    menuBar()->insertMenu(top.isEmpty() ? nullptr : top.last(), menu);
    // The Training window follows the open project.
    connect(this, &MainWindow::projectOpened, this, [this](const QString &dir) {
        if (m_training)
            m_training->setProjectDir(dir);
    });
    connect(this, &MainWindow::projectClosed, this, [this] {
        if (m_training)
            m_training->setProjectDir(QString());
    });
}

} // namespace fieldbench
