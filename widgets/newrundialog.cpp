#include "newrundialog.h"

#include "convert.h"

#include "fieldbench/corpus/project.h"
#include "fieldbench/train/sampling.h"
#include "fieldbench/util/devices.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSaveFile>
#include <QSet>
#include <QScrollArea>
#include <QSlider>
#include <QSplitter>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace fieldbench {

using nlohmann::json;

struct NewRunDialog::Doc
{
    json root;
};

namespace {

json *slot(json &root, const std::string &dotted)
{
    json *node = &root;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = dotted.find('.', start);
        const std::string part = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!node->is_object() || !node->contains(part))
            return nullptr;
        node = &(*node)[part];
        if (dot == std::string::npos)
            return node;
        start = dot + 1;
    }
}

QString jsonText(const json &v)
{
    if (v.is_string())
        return QString::fromStdString(v.get<std::string>());
    if (v.is_boolean())
        return v.get<bool>() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.is_number_unsigned())
        return QString::number(v.get<quint64>());
    if (v.is_number_integer())
        return QString::number(v.get<qint64>());
    if (v.is_number_float())
        return QString::number(v.get<double>(), 'g', 12);
    if (v.is_array()) {
        QStringList parts;
        for (const json &e : v)
            parts << (e.is_string() ? QString::fromStdString(e.get<std::string>()) : QString::fromStdString(e.dump()));
        return parts.join(QStringLiteral(", "));
    }
    return QString::fromStdString(v.dump());
}

// Parses `text` into a value of the same JSON type as `current`; false when it does not fit.
bool parseAs(const json &current, const QString &text, json *out)
{
    const QString t = text.trimmed();
    bool ok = false;
    if (current.is_string()) {
        *out = t.toStdString();
        return true;
    }
    if (current.is_boolean()) {
        if (t == QLatin1String("true") || t == QLatin1String("1"))
            *out = true;
        else if (t == QLatin1String("false") || t == QLatin1String("0"))
            *out = false;
        else
            return false;
        return true;
    }
    if (current.is_number_unsigned()) {
        const quint64 v = t.toULongLong(&ok);
        if (ok)
            *out = v;
        return ok;
    }
    if (current.is_number_integer()) {
        const qint64 v = t.toLongLong(&ok);
        if (ok)
            *out = v;
        return ok;
    }
    if (current.is_number_float()) {
        const double v = t.toDouble(&ok);
        if (ok && std::isfinite(v))
            *out = v;
        return ok && std::isfinite(v);
    }
    if (current.is_array()) {
        json a = json::array();
        for (const QString &part : t.split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!part.trimmed().isEmpty())
                a.push_back(part.trimmed().toStdString());
        *out = a;
        return true;
    }
    return false;
}

// Known choices of string fields (the values validate() accepts); not defaults.
QStringList choicesFor(const std::string &key)
{
    if (key == "objective")
        return {QStringLiteral("pretrain"), QStringLiteral("ctc"), QStringLiteral("mlm")};
    if (key == "preset")
        return {QStringLiteral("tiny"), QStringLiteral("small"), QStringLiteral("base"), QStringLiteral("large"),
                QStringLiteral("xlsr-300m")};
    if (key == "precision")
        return {QStringLiteral("fp32"), QStringLiteral("bf16")};
    if (key == "optim.schedule")
        return {QStringLiteral("linear"), QStringLiteral("cosine"), QStringLiteral("tristage"), QStringLiteral("constant")};
    if (key == "ctc.unit")
        return {QStringLiteral("phone"), QStringLiteral("char")};
    if (key == "data.split_by")
        return {QStringLiteral("speaker"), QStringLiteral("recording")};
    return {};
}

QString sectionTitle(const std::string &section)
{
    if (section == "data")
        return NewRunDialog::tr("Data");
    if (section == "optim")
        return NewRunDialog::tr("Optimizer and schedule");
    if (section == "pretrain")
        return NewRunDialog::tr("Pretraining (wav2vec 2.0)");
    if (section == "ctc")
        return NewRunDialog::tr("Recogniser (CTC)");
    if (section == "mlm")
        return NewRunDialog::tr("Masked language model (text)");
    if (section == "checkpoint")
        return NewRunDialog::tr("Checkpoints, evaluation and logging");
    return NewRunDialog::tr("General");
}

QString humanCount(double n)
{
    if (n >= 1e9)
        return QStringLiteral("%1 B").arg(n / 1e9, 0, 'f', 2);
    if (n >= 1e6)
        return QStringLiteral("%1 M").arg(n / 1e6, 0, 'f', 1);
    if (n >= 1e3)
        return QStringLiteral("%1 k").arg(n / 1e3, 0, 'f', 1);
    return QString::number(n);
}

QString clock(double seconds)
{
    const qint64 t = qint64(seconds + 0.5);
    return QStringLiteral("%1:%2:%3").arg(t / 3600).arg((t / 60) % 60, 2, 10, QLatin1Char('0')).arg(t % 60, 2, 10, QLatin1Char('0'));
}

const std::vector<ComputeDevice> &devices()
{
    static const std::vector<ComputeDevice> list = computeDevices();
    return list;
}

// Keys with their own editors in the basic form.
const std::set<std::string> kSpecialKeys = {"project", "model", "device", "data.languages", "data.speakers",
                                            "data.sampling_alpha"};

} // namespace

QString NewRunDialog::presetTitle(const std::string &name)
{
    if (name == "continue-pretraining")
        return tr("Continue pretraining a multilingual model on my language");
    if (name == "phoneme-recogniser")
        return tr("Train a phoneme recogniser");
    if (name == "character-recogniser")
        return tr("Train a character recogniser");
    if (name == "pretrain-small")
        return tr("Pretrain a small model from scratch");
    if (name == "mlm-continue")
        return tr("Continue training a masked language model (XLM-R) on my texts");
    return toQString(name);
}

static QString presetHelpText(const std::string &name)
{
    if (name == "continue-pretraining")
        return NewRunDialog::tr("Start from a multilingual wav2vec 2.0 model (XLSR-53, XLS-R: choose its folder) and "
                                "keep pretraining it on your untranscribed recordings: the most effective way to adapt "
                                "it to a new language before training a recogniser.");
    if (name == "phoneme-recogniser")
        return NewRunDialog::tr("Fine-tune a pretrained model with CTC to write phones (e.g. the IPA tier): needs "
                                "transcribed segments.");
    if (name == "character-recogniser")
        return NewRunDialog::tr("Fine-tune a pretrained model with CTC to write the orthography, character by "
                                "character: needs transcribed segments.");
    if (name == "pretrain-small")
        return NewRunDialog::tr("Train a small wav2vec 2.0 model from random weights on your recordings; needs many "
                                "hours to be useful, mostly for experiments.");
    if (name == "mlm-continue")
        return NewRunDialog::tr("Keep training an XLM-R masked language model (a folder with its tokenizer, from "
                                "fieldbench-cli mlm init or mlm adapt) on the project's text documents.");
    return QString();
}

NewRunDialog::NewRunDialog(const QString &projectDir, QWidget *parent)
    : QDialog(parent)
    , m_projectDir(projectDir)
    , m_doc(std::make_unique<Doc>())
    , m_preset(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_presetHelp(new QLabel(this))
    , m_model(new QLineEdit(this))
    , m_modelInfo(new QLabel(this))
    , m_device(new QComboBox(this))
    , m_alphaSlider(new QSlider(Qt::Horizontal, this))
    , m_alpha(new QDoubleSpinBox(this))
    , m_languages(new QTableWidget(this))
    , m_speakers(new QTableWidget(this))
    , m_hoursSummary(new QLabel(this))
    , m_advancedButton(new QToolButton(this))
    , m_advanced(new QScrollArea(this))
    , m_estimateButton(new QPushButton(tr("Estimate time per epoch"), this))
    , m_estimate(new QLabel(this))
    , m_problems(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("newRunDialog"));
    setWindowTitle(tr("New Training Run"));
    m_doc->root = json::parse(TrainConfig::fromPreset(TrainConfig::presetNames().front()).toJson());

    for (const std::string &name : TrainConfig::presetNames())
        m_preset->addItem(presetTitle(name), toQString(name));
    m_preset->setObjectName(QStringLiteral("preset"));
    m_presetHelp->setWordWrap(true);
    m_presetHelp->setObjectName(QStringLiteral("presetHelp"));
    QFont small = m_presetHelp->font();
    small.setPointSizeF(small.pointSizeF() * 0.92);
    m_presetHelp->setFont(small);
    m_name->setObjectName(QStringLiteral("runName"));
    m_name->setPlaceholderText(tr("a folder name under runs/"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("What to do:"), m_preset);
    form->addRow(QString(), m_presetHelp);
    form->addRow(tr("Run name:"), m_name);
    buildBasicForm(form);

    // Data: languages with hours and the sampling share alpha gives them, then speakers.
    m_alphaSlider->setRange(0, 100);
    m_alphaSlider->setObjectName(QStringLiteral("alphaSlider"));
    m_alpha->setRange(0, 1);
    m_alpha->setSingleStep(0.05);
    m_alpha->setDecimals(2);
    m_alpha->setObjectName(QStringLiteral("alpha"));
    auto *alphaRow = new QHBoxLayout;
    alphaRow->addWidget(new QLabel(tr("Sampling exponent \u03b1:"), this));
    alphaRow->addWidget(m_alphaSlider, 1);
    alphaRow->addWidget(m_alpha);
    auto *alphaHelp = new QLabel(tr("Each language is drawn with probability \u221d (its share of the hours)^\u03b1: "
                                    "1 = as in the data, 0 = every language equally, 0.5 = XLSR/XLM-R "
                                    "(up-samples the small languages)."),
                                 this);
    alphaHelp->setWordWrap(true);
    alphaHelp->setFont(small);
    const QString alphaDoc = [] {
        for (const ConfigFieldDoc &d : trainConfigFieldDocs())
            if (d.key == "data.sampling_alpha")
                return toQString(d.description);
        return QString();
    }();
    m_alphaSlider->setToolTip(alphaDoc);
    m_alpha->setToolTip(alphaDoc);

    m_languages->setObjectName(QStringLiteral("languages"));
    m_languages->setColumnCount(4);
    m_languages->setHorizontalHeaderLabels({tr("Language"), tr("Hours"), tr("Share of data"), tr("Sampling share")});
    m_languages->verticalHeader()->hide();
    m_languages->setSelectionMode(QAbstractItemView::NoSelection);
    m_languages->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_languages->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_speakers->setObjectName(QStringLiteral("speakers"));
    m_speakers->setColumnCount(3);
    m_speakers->setHorizontalHeaderLabels({tr("Speaker"), tr("Language"), tr("Hours")});
    m_speakers->verticalHeader()->hide();
    m_speakers->setSelectionMode(QAbstractItemView::NoSelection);
    m_speakers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_speakers->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_hoursSummary->setObjectName(QStringLiteral("hoursSummary"));

    auto *dataBox = new QGroupBox(tr("Languages and speakers"), this);
    auto *dataLayout = new QVBoxLayout(dataBox);
    dataLayout->addLayout(alphaRow);
    dataLayout->addWidget(alphaHelp);
    auto *tables = new QSplitter(Qt::Vertical, dataBox);
    tables->addWidget(m_languages);
    tables->addWidget(m_speakers);
    tables->setStretchFactor(0, 3);
    tables->setStretchFactor(1, 2);
    dataLayout->addWidget(tables, 1);
    dataLayout->addWidget(m_hoursSummary);

    auto *basicBox = new QWidget(this);
    basicBox->setLayout(form);
    auto *top = new QHBoxLayout;
    top->addWidget(basicBox, 5);
    top->addWidget(dataBox, 4);

    m_advancedButton->setText(tr("Advanced settings"));
    m_advancedButton->setObjectName(QStringLiteral("advancedButton"));
    m_advancedButton->setCheckable(true);
    m_advancedButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_advancedButton->setArrowType(Qt::RightArrow);
    m_advancedButton->setAutoRaise(true);
    connect(m_advancedButton, &QToolButton::toggled, this, &NewRunDialog::setAdvancedVisible);
    buildAdvanced();
    m_advanced->setVisible(false);

    m_estimateButton->setObjectName(QStringLiteral("estimateButton"));
    m_estimateButton->setToolTip(tr("Runs a few training steps with these settings on the chosen device and "
                                    "measures them"));
    m_estimate->setObjectName(QStringLiteral("estimate"));
    m_estimate->setWordWrap(true);
    auto *estimateRow = new QHBoxLayout;
    estimateRow->addWidget(m_estimateButton);
    estimateRow->addWidget(m_estimate, 1);
    connect(m_estimateButton, &QPushButton::clicked, this, &NewRunDialog::estimate);

    m_problems->setObjectName(QStringLiteral("problems"));
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: #b02020;"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Start Training"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problems().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(m_advancedButton, 0, Qt::AlignLeft);
    layout->addWidget(m_advanced, 1);
    layout->addLayout(estimateRow);
    layout->addWidget(m_problems);
    layout->addWidget(m_buttons);

    connect(m_preset, &QComboBox::currentIndexChanged, this,
            [this](int i) { selectPreset(m_preset->itemData(i).toString().toStdString()); });
    connect(m_name, &QLineEdit::textChanged, this, &NewRunDialog::updateProblems);
    connect(m_alphaSlider, &QSlider::valueChanged, this, [this](int v) {
        if (!m_refreshing)
            setJson("data.sampling_alpha", QString::number(v / 100.0));
    });
    connect(m_alpha, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (!m_refreshing)
            setJson("data.sampling_alpha", QString::number(v));
    });
    connect(m_languages, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (!m_refreshing && item->column() == 0)
            onLanguagesChanged();
    });
    connect(m_speakers, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (!m_refreshing && item->column() == 0)
            onSpeakersChanged();
    });

    readProject(projectDir);
    selectPreset(TrainConfig::presetNames().front());
    resize(1180, 760);
}

NewRunDialog::~NewRunDialog()
{
    // Children of this dialog; make sure no orphaned check keeps running.
    for (QProcess *p : {m_modelProcess.data(), m_estimateProcess.data()})
        if (p) {
            p->disconnect(this);
            p->kill();
            p->waitForFinished(2000);
        }
    if (!m_estimateConfigFile.isEmpty())
        QFile::remove(m_estimateConfigFile);
}

void NewRunDialog::buildBasicForm(QFormLayout *form)
{
    for (const ConfigFieldDoc &doc : trainConfigFieldDocs()) {
        if (doc.advanced)
            continue;
        const QString tip = toQString(doc.description);
        if (doc.key == "project") {
            auto *label = new QLabel(QDir::toNativeSeparators(m_projectDir), this);
            label->setToolTip(tip);
            label->setTextInteractionFlags(Qt::TextSelectableByMouse);
            form->addRow(tr("Project:"), label);
        } else if (doc.key == "model") {
            auto *browse = new QPushButton(tr("Choose\u2026"), this);
            auto *clear = new QToolButton(this);
            clear->setText(tr("None"));
            clear->setToolTip(tr("Start from random weights (the size below)"));
            m_model->setObjectName(QStringLiteral("model"));
            m_model->setPlaceholderText(tr("none: a fresh model"));
            m_model->setToolTip(tip);
            auto *row = new QHBoxLayout;
            row->addWidget(m_model, 1);
            row->addWidget(browse);
            row->addWidget(clear);
            form->addRow(tr("Starting model:"), row);
            m_modelInfo->setObjectName(QStringLiteral("modelInfo"));
            m_modelInfo->setWordWrap(true);
            form->addRow(QString(), m_modelInfo);
            m_editors.insert(QStringLiteral("model"), m_model);
            connect(browse, &QPushButton::clicked, this, &NewRunDialog::browseModel);
            connect(clear, &QToolButton::clicked, this, [this] { setModelDir(QString()); });
            connect(m_model, &QLineEdit::editingFinished, this, [this] {
                if (m_model->text() != value(QStringLiteral("model")))
                    setModelDir(m_model->text());
            });
        } else if (doc.key == "device") {
            m_device->setObjectName(QStringLiteral("device"));
            m_device->setToolTip(tip);
            for (const ComputeDevice &d : devices())
                m_device->addItem(toQString(d.description), toQString(d.id));
            form->addRow(tr("Device:"), m_device);
            m_editors.insert(QStringLiteral("device"), m_device);
            connect(m_device, &QComboBox::currentIndexChanged, this, [this](int i) {
                if (!m_refreshing && i >= 0)
                    setJson("device", m_device->itemData(i).toString());
            });
        } else if (kSpecialKeys.count(doc.key)) {
            continue; // languages, speakers, alpha: the data box
        } else {
            QWidget *editor = makeEditor(doc.key, this);
            if (!editor)
                continue;
            QString label = tip.section(QLatin1Char(';'), 0, 0).section(QLatin1Char(':'), 0, 0);
            const qsizetype paren = label.indexOf(QLatin1String(" ("));
            if (paren > 0 && label.size() > 38)
                label.truncate(paren); // "Transcript tier with the targets (recognisers)": the tooltip keeps the rest
            if (label.size() > 38)
                label = toQString(doc.key);
            form->addRow(label + QLatin1Char(':'), editor);
        }
    }
}

QWidget *NewRunDialog::makeEditor(const std::string &key, QWidget *parent)
{
    const json *v = slot(m_doc->root, key);
    if (!v)
        return nullptr;
    const QString qkey = toQString(key);
    QString tip;
    for (const ConfigFieldDoc &d : trainConfigFieldDocs())
        if (d.key == key)
            tip = toQString(d.description);
    QWidget *editor = nullptr;
    QStringList choices = choicesFor(key);
    if (key == "data.tier") {
        // The project's tiers, and whatever the config names.
        try {
            const Project project = Project::open(toPath(m_projectDir));
            for (const std::string &t : project.tiers())
                choices << toQString(t);
        } catch (const std::exception &) {
        }
        auto *box = new QComboBox(parent);
        box->setEditable(true);
        box->addItems(choices);
        connect(box, &QComboBox::currentTextChanged, this, [this, key](const QString &text) {
            if (!m_refreshing)
                setJson(key, text);
        });
        editor = box;
    } else if (!choices.isEmpty()) {
        auto *box = new QComboBox(parent);
        box->addItems(choices);
        connect(box, &QComboBox::currentTextChanged, this, [this, key](const QString &text) {
            if (!m_refreshing)
                setJson(key, text);
        });
        editor = box;
    } else if (v->is_boolean()) {
        auto *box = new QCheckBox(parent);
        connect(box, &QCheckBox::toggled, this, [this, key](bool on) {
            if (!m_refreshing)
                setJson(key, on ? QStringLiteral("true") : QStringLiteral("false"));
        });
        editor = box;
    } else {
        auto *edit = new QLineEdit(parent);
        if (v->is_array())
            edit->setPlaceholderText(tr("comma-separated; empty = all"));
        connect(edit, &QLineEdit::textEdited, this, [this, key](const QString &text) { setJson(key, text); });
        editor = edit;
    }
    editor->setObjectName(qkey);
    editor->setToolTip(tip);
    m_editors.insert(qkey, editor);
    return editor;
}

void NewRunDialog::buildAdvanced()
{
    auto *content = new QWidget(m_advanced);
    auto *layout = new QVBoxLayout(content);
    std::map<std::string, QFormLayout *> sections;
    std::vector<std::string> order;
    for (const ConfigFieldDoc &doc : trainConfigFieldDocs()) {
        if (!doc.advanced)
            continue;
        const std::size_t dot = doc.key.find('.');
        const std::string section = dot == std::string::npos ? std::string() : doc.key.substr(0, dot);
        if (!sections.count(section)) {
            auto *box = new QGroupBox(sectionTitle(section), content);
            auto *form = new QFormLayout(box);
            form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            sections[section] = form;
            order.push_back(section);
            layout->addWidget(box);
        }
        QWidget *editor = makeEditor(doc.key, content);
        if (!editor)
            continue;
        auto *row = new QHBoxLayout;
        editor->setMinimumWidth(120);
        editor->setMaximumWidth(220);
        row->addWidget(editor);
        auto *help = new QLabel(toQString(doc.description), content);
        help->setWordWrap(true);
        help->setStyleSheet(QStringLiteral("color: palette(mid);"));
        row->addWidget(help, 1);
        const std::string name = dot == std::string::npos ? doc.key : doc.key.substr(dot + 1);
        sections[section]->addRow(toQString(name), row);
    }
    layout->addStretch();
    m_advanced->setWidget(content);
    m_advanced->setWidgetResizable(true);
    m_advanced->setObjectName(QStringLiteral("advanced"));
    m_advanced->setMinimumHeight(220);
}

void NewRunDialog::setAdvancedVisible(bool visible)
{
    m_advanced->setVisible(visible);
    m_advancedButton->setArrowType(visible ? Qt::DownArrow : Qt::RightArrow);
    if (m_advancedButton->isChecked() != visible) {
        const QSignalBlocker block(m_advancedButton);
        m_advancedButton->setChecked(visible);
    }
}

bool NewRunDialog::advancedVisible() const
{
    return m_advanced->isVisibleTo(this);
}

void NewRunDialog::readProject(const QString &projectDir)
{
    m_refreshing = true;
    m_languages->setRowCount(0);
    m_speakers->setRowCount(0);
    try {
        const Project project = Project::open(toPath(projectDir));
        const ProjectStats stats = project.stats();
        for (const LanguageStats &l : stats.languages) {
            const int row = m_languages->rowCount();
            m_languages->insertRow(row);
            const double seconds = l.segmentSeconds > 0 ? l.segmentSeconds : l.audioSeconds;
            auto *name = new QTableWidgetItem(QStringLiteral("%1 \u2014 %2").arg(toQString(l.language.code),
                                                                               toQString(l.language.name)));
            name->setData(Qt::UserRole, toQString(l.language.code));
            name->setData(Qt::UserRole + 1, seconds / 3600.0);
            name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            name->setCheckState(Qt::Checked);
            m_languages->setItem(row, 0, name);
            m_languages->setItem(row, 1, new QTableWidgetItem(QStringLiteral("%1").arg(seconds / 3600.0, 0, 'f', 2)));
            m_languages->setItem(row, 2, new QTableWidgetItem);
            m_languages->setItem(row, 3, new QTableWidgetItem);
            for (int c = 1; c < 4; ++c)
                m_languages->item(row, c)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        }
        for (const SpeakerStats &s : stats.speakers) {
            const int row = m_speakers->rowCount();
            m_speakers->insertRow(row);
            auto *name = new QTableWidgetItem(s.speaker.empty() ? tr("(unknown speaker)") : toQString(s.speaker));
            name->setData(Qt::UserRole, toQString(s.speaker));
            name->setData(Qt::UserRole + 1, toQString(s.languageCode));
            name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            name->setCheckState(Qt::Checked);
            if (s.speaker.empty())
                name->setFlags(Qt::ItemIsEnabled); // cannot be named in data.speakers
            m_speakers->setItem(row, 0, name);
            m_speakers->setItem(row, 1, new QTableWidgetItem(toQString(s.languageCode)));
            auto *hours = new QTableWidgetItem(QStringLiteral("%1").arg(s.audioSeconds / 3600.0, 0, 'f', 2));
            hours->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_speakers->setItem(row, 2, hours);
        }
    } catch (const std::exception &e) {
        m_hoursSummary->setText(tr("Cannot read the project: %1").arg(QString::fromUtf8(e.what())));
    }
    m_languages->resizeColumnsToContents();
    m_languages->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_speakers->resizeColumnsToContents();
    m_speakers->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_refreshing = false;
}

void NewRunDialog::selectPreset(const std::string &name)
{
    json next;
    try {
        next = json::parse(TrainConfig::fromPreset(name).toJson());
    } catch (const std::exception &) {
        return;
    }
    // What the user chose about data and hardware survives a change of preset.
    for (const char *keep : {"data.languages", "data.speakers", "device", "model"}) {
        const json *old = slot(m_doc->root, keep);
        json *to = slot(next, keep);
        if (old && to && !(std::string(keep) == "model" && old->is_string() && old->get<std::string>().empty()))
            *to = *old;
    }
    m_doc->root = next;
    if (json *p = slot(m_doc->root, "project"))
        *p = m_projectDir.toStdString();
    const int i = m_preset->findData(toQString(name));
    if (i >= 0 && i != m_preset->currentIndex()) {
        const QSignalBlocker block(m_preset);
        m_preset->setCurrentIndex(i);
    }
    m_presetHelp->setText(presetHelpText(name));
    if (m_name->text().isEmpty() || m_name->isModified() == false)
        m_name->setText(QStringLiteral("%1-%2").arg(toQString(name), QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"))));
    refreshEditors();
    onEdited();
}

void NewRunDialog::setConfig(const TrainConfig &config)
{
    m_doc->root = json::parse(config.toJson());
    if (json *p = slot(m_doc->root, "project"))
        *p = m_projectDir.toStdString();
    refreshEditors();
    if (!config.model.empty())
        setModelDir(toQString(config.model));
    onEdited();
}

TrainConfig NewRunDialog::config() const
{
    return TrainConfig::fromJson(m_doc->root.dump(), "new run");
}

QString NewRunDialog::value(const QString &key) const
{
    const json *v = slot(m_doc->root, key.toStdString());
    return v ? jsonText(*v) : QString();
}

bool NewRunDialog::setValue(const QString &key, const QString &text)
{
    json *v = slot(m_doc->root, key.toStdString());
    json parsed;
    if (!v || !parseAs(*v, text, &parsed))
        return false;
    *v = parsed;
    refreshEditors();
    onEdited();
    if (key == QLatin1String("model"))
        setModelDir(text);
    return true;
}

void NewRunDialog::setJson(const std::string &key, const QString &text)
{
    json *v = slot(m_doc->root, key);
    json parsed;
    if (!v)
        return;
    if (!parseAs(*v, text, &parsed)) {
        // Keep the text in its editor; the problem is shown until it parses.
        m_problems->setText(tr("%1: \"%2\" is not a valid value").arg(toQString(key), text));
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
        return;
    }
    *v = parsed;
    if (key == "data.sampling_alpha" || key == "objective" || key == "model") {
        refreshEditors(); // slider and spin box, enabled fields
    }
    onEdited();
}

void NewRunDialog::refreshEditors()
{
    m_refreshing = true;
    for (auto it = m_editors.cbegin(); it != m_editors.cend(); ++it) {
        const QString text = value(it.key());
        QWidget *w = it.value();
        if (auto *edit = qobject_cast<QLineEdit *>(w)) {
            if (edit->text() != text && !edit->hasFocus())
                edit->setText(text);
        } else if (auto *check = qobject_cast<QCheckBox *>(w)) {
            check->setChecked(text == QLatin1String("true"));
        } else if (auto *box = qobject_cast<QComboBox *>(w)) {
            if (box == m_device) {
                int i = box->findData(text);
                if (i < 0 && text == QLatin1String("cuda"))
                    i = box->findData(QStringLiteral("cuda:0"));
                if (i < 0) {
                    box->addItem(tr("%1 (not on this machine)").arg(text), text);
                    i = box->count() - 1;
                }
                box->setCurrentIndex(i);
            } else {
                if (box->findText(text) < 0)
                    box->addItem(text);
                box->setCurrentText(text);
            }
        }
    }
    const double alpha = value(QStringLiteral("data.sampling_alpha")).toDouble();
    m_alpha->setValue(alpha);
    m_alphaSlider->setValue(int(std::lround(alpha * 100)));
    // Languages and speakers: checked = listed, or all when the list is empty.
    const QStringList languages = value(QStringLiteral("data.languages")).split(QStringLiteral(", "), Qt::SkipEmptyParts);
    for (int r = 0; r < m_languages->rowCount(); ++r) {
        QTableWidgetItem *item = m_languages->item(r, 0);
        item->setCheckState(languages.isEmpty() || languages.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked
                                                                                                        : Qt::Unchecked);
    }
    const QStringList speakers = value(QStringLiteral("data.speakers")).split(QStringLiteral(", "), Qt::SkipEmptyParts);
    for (int r = 0; r < m_speakers->rowCount(); ++r) {
        QTableWidgetItem *item = m_speakers->item(r, 0);
        if (!(item->flags() & Qt::ItemIsUserCheckable))
            continue;
        item->setCheckState(speakers.isEmpty() || speakers.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked
                                                                                                      : Qt::Unchecked);
    }
    // Fields that only matter for some objectives.
    const bool ctc = value(QStringLiteral("objective")) == QLatin1String("ctc");
    const bool pretrain = value(QStringLiteral("objective")) == QLatin1String("pretrain");
    const bool mlm = value(QStringLiteral("objective")) == QLatin1String("mlm");
    for (auto it = m_editors.cbegin(); it != m_editors.cend(); ++it) {
        if (it.key().startsWith(QLatin1String("ctc.")) || it.key() == QLatin1String("data.tier"))
            it.value()->setEnabled(ctc);
        else if (it.key().startsWith(QLatin1String("pretrain.")))
            it.value()->setEnabled(pretrain);
        else if (it.key().startsWith(QLatin1String("mlm.")))
            it.value()->setEnabled(mlm);
        else if (it.key() == QLatin1String("preset"))
            it.value()->setEnabled(value(QStringLiteral("model")).isEmpty());
    }
    m_refreshing = false;
    updateShares();
}

void NewRunDialog::onEdited()
{
    updateShares();
    updateProblems();
}

void NewRunDialog::onLanguagesChanged()
{
    QStringList checked;
    bool all = true;
    for (int r = 0; r < m_languages->rowCount(); ++r) {
        QTableWidgetItem *item = m_languages->item(r, 0);
        if (item->checkState() == Qt::Checked)
            checked << item->data(Qt::UserRole).toString();
        else
            all = false;
    }
    setJson("data.languages", all ? QString() : checked.join(QLatin1Char(',')));
}

void NewRunDialog::onSpeakersChanged()
{
    QStringList checked;
    bool all = true;
    for (int r = 0; r < m_speakers->rowCount(); ++r) {
        QTableWidgetItem *item = m_speakers->item(r, 0);
        if (!(item->flags() & Qt::ItemIsUserCheckable))
            continue;
        if (item->checkState() == Qt::Checked) {
            if (!checked.contains(item->data(Qt::UserRole).toString()))
                checked << item->data(Qt::UserRole).toString();
        } else {
            all = false;
        }
    }
    setJson("data.speakers", all ? QString() : checked.join(QLatin1Char(',')));
}

void NewRunDialog::setLanguageChecked(const QString &code, bool checked)
{
    for (int r = 0; r < m_languages->rowCount(); ++r)
        if (m_languages->item(r, 0)->data(Qt::UserRole).toString() == code)
            m_languages->item(r, 0)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void NewRunDialog::updateShares()
{
    std::vector<double> hours;
    double total = 0;
    QSet<QString> chosen;
    for (int r = 0; r < m_languages->rowCount(); ++r) {
        QTableWidgetItem *item = m_languages->item(r, 0);
        const bool on = item->checkState() == Qt::Checked;
        const double h = on ? item->data(Qt::UserRole + 1).toDouble() : 0.0;
        hours.push_back(h);
        total += h;
        if (on)
            chosen.insert(item->data(Qt::UserRole).toString());
    }
    std::vector<double> shares(hours.size(), 0.0);
    if (total > 0) {
        try {
            shares = samplingProbabilities(hours, std::clamp(value(QStringLiteral("data.sampling_alpha")).toDouble(), 0.0, 1.0));
        } catch (const std::exception &) {
        }
    }
    const bool old = m_refreshing;
    m_refreshing = true;
    for (int r = 0; r < m_languages->rowCount(); ++r) {
        const bool on = hours[std::size_t(r)] > 0;
        m_languages->item(r, 2)->setText(on ? QStringLiteral("%1 %").arg(100.0 * hours[std::size_t(r)] / total, 0, 'f', 1)
                                            : QString());
        m_languages->item(r, 3)->setText(on ? QStringLiteral("%1 %").arg(100.0 * shares[std::size_t(r)], 0, 'f', 1)
                                            : QString());
        m_languages->item(r, 3)->setData(Qt::UserRole, shares[std::size_t(r)]);
    }
    double speakerHours = 0;
    int speakerCount = 0;
    for (int r = 0; r < m_speakers->rowCount(); ++r) {
        QTableWidgetItem *item = m_speakers->item(r, 0);
        const bool languageOn = chosen.contains(item->data(Qt::UserRole + 1).toString());
        for (int c = 0; c < 3; ++c) {
            QTableWidgetItem *cell = m_speakers->item(r, c);
            cell->setForeground(languageOn ? palette().text() : palette().placeholderText());
        }
        if (languageOn && (item->checkState() == Qt::Checked || !(item->flags() & Qt::ItemIsUserCheckable))) {
            speakerHours += m_speakers->item(r, 2)->text().toDouble();
            ++speakerCount;
        }
    }
    m_refreshing = old;
    m_hoursSummary->setText(tr("%1 languages, %2 speaker entries, %3 hours of audio chosen.")
                                .arg(chosen.size())
                                .arg(speakerCount)
                                .arg(speakerHours, 0, 'f', 2));
}

double NewRunDialog::samplingShare(const QString &code) const
{
    for (int r = 0; r < m_languages->rowCount(); ++r)
        if (m_languages->item(r, 0)->data(Qt::UserRole).toString() == code)
            return m_languages->item(r, 0)->checkState() == Qt::Checked ? m_languages->item(r, 3)->data(Qt::UserRole).toDouble()
                                                                        : 0.0;
    return 0;
}

double NewRunDialog::languageHours(const QString &code) const
{
    for (int r = 0; r < m_languages->rowCount(); ++r)
        if (m_languages->item(r, 0)->data(Qt::UserRole).toString() == code)
            return m_languages->item(r, 0)->data(Qt::UserRole + 1).toDouble();
    return 0;
}

QStringList NewRunDialog::deviceIds() const
{
    QStringList ids;
    for (int i = 0; i < m_device->count(); ++i)
        ids << m_device->itemData(i).toString();
    return ids;
}

void NewRunDialog::setRunName(const QString &name)
{
    m_name->setText(name);
    m_name->setModified(true);
}

QString NewRunDialog::runName() const
{
    return m_name->text().trimmed();
}

QStringList NewRunDialog::problems() const
{
    QStringList list;
    try {
        for (const std::string &p : config().validate())
            list << toQString(p);
    } catch (const std::exception &e) {
        list << QString::fromUtf8(e.what());
    }
    const QString name = runName();
    if (name.isEmpty())
        list << tr("Give the run a name.");
    else if (name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\')) || name.startsWith(QLatin1Char('.')))
        list << tr("The run name becomes a folder name: no slashes, no leading dot.");
    else if (QFileInfo::exists(m_projectDir + QStringLiteral("/runs/") + name))
        list << tr("A run named \"%1\" exists already.").arg(name);
    if (m_modelState == ModelState::Checking)
        list << tr("Checking the starting model\u2026");
    else if (m_modelState == ModelState::Invalid)
        list << tr("The starting model cannot be used: %1").arg(m_modelSummary);
    if (value(QStringLiteral("objective")) == QLatin1String("ctc") && value(QStringLiteral("model")).isEmpty())
        list << tr("A recogniser is fine-tuned from a pretrained model: choose its folder.");
    if (value(QStringLiteral("objective")) == QLatin1String("mlm") && value(QStringLiteral("model")).isEmpty())
        list << tr("A masked language model trains from an XLM-R folder with its tokenizer (fieldbench-cli mlm init): choose it.");
    return list;
}

void NewRunDialog::updateProblems()
{
    const QStringList list = problems();
    m_problems->setText(list.join(QLatin1Char('\n')));
    m_problems->setVisible(!list.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(list.isEmpty());
}

// --- starting model ---------------------------------------------------------------------------

void NewRunDialog::browseModel()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Starting Model Folder"), m_model->text());
    if (!dir.isEmpty())
        setModelDir(dir);
}

void NewRunDialog::setModelDir(const QString &dir)
{
    if (json *m = slot(m_doc->root, "model"))
        *m = dir.trimmed().toStdString();
    refreshEditors();
    if (m_modelProcess) {
        m_modelProcess->disconnect(this);
        m_modelProcess->kill();
        m_modelProcess->deleteLater();
    }
    if (dir.trimmed().isEmpty()) {
        m_modelState = ModelState::None;
        m_modelSummary.clear();
        m_modelInfo->setText(tr("A fresh model of the size below, with random weights."));
        m_modelInfo->setStyleSheet(QString());
        onEdited();
        emit modelChecked(true, QString());
        return;
    }
    m_modelState = ModelState::Checking;
    m_modelInfo->setText(tr("Checking %1\u2026").arg(QDir::toNativeSeparators(dir)));
    m_modelInfo->setStyleSheet(QString());
    auto *process = new QProcess(this);
    m_modelProcess = process;
    connect(process, &QProcess::finished, this, [this, process](int code, QProcess::ExitStatus status) {
        process->deleteLater();
        const QByteArray out = process->readAllStandardOutput();
        const QString err = QString::fromUtf8(process->readAllStandardError()).trimmed();
        const json j = json::parse(out.constBegin(), out.constEnd(), nullptr, false);
        if (status != QProcess::NormalExit || code != 0 || !j.is_object()) {
            m_modelState = ModelState::Invalid;
            QString reason = err.section(QLatin1Char('\n'), -1).trimmed();
            if (reason.isEmpty())
                reason = tr("fieldbench-cli model info failed (exit code %1)").arg(code);
            m_modelSummary = reason;
            m_modelInfo->setText(tr("Not a usable model folder: %1").arg(reason));
            m_modelInfo->setStyleSheet(QStringLiteral("color: #b02020;"));
        } else {
            m_modelState = ModelState::Valid;
            const json cfg = j.value("config", json::object());
            const double params = j.value("parameters", 0.0);
            QString summary = tr("%1 \u00b7 %2 parameters \u00b7 %3 layers \u00d7 %4 hidden")
                                  .arg(QString::fromStdString(j.value("architecture", std::string("?"))))
                                  .arg(humanCount(params))
                                  .arg(cfg.value("num_hidden_layers", 0))
                                  .arg(cfg.value("hidden_size", 0));
            if (cfg.contains("num_codevector_groups"))
                summary += tr(" \u00b7 quantizer %1 \u00d7 %2")
                               .arg(cfg.value("num_codevector_groups", 0))
                               .arg(cfg.value("num_codevectors_per_group", 0));
            const auto missing = j.value("missing", json::array());
            if (!missing.empty())
                summary += tr(" \u00b7 %1 tensors not in the checkpoint (newly initialised)").arg(missing.size());
            m_modelSummary = summary;
            m_modelInfo->setText(summary);
            m_modelInfo->setStyleSheet(QStringLiteral("color: #1c6e2a;"));
        }
        onEdited();
        emit modelChecked(m_modelState == ModelState::Valid, m_modelSummary);
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart)
            return;
        process->deleteLater();
        m_modelState = ModelState::Invalid;
        m_modelSummary = tr("cannot run %1").arg(m_cli);
        m_modelInfo->setText(m_modelSummary);
        m_modelInfo->setStyleSheet(QStringLiteral("color: #b02020;"));
        onEdited();
        emit modelChecked(false, m_modelSummary);
    });
    process->start(m_cli.isEmpty() ? QStringLiteral("fieldbench-cli") : m_cli,
                   {QStringLiteral("model"), QStringLiteral("info"), dir.trimmed(), QStringLiteral("--json")});
    onEdited();
}

QString NewRunDialog::modelSummary() const
{
    return m_modelSummary;
}

// --- estimate ----------------------------------------------------------------------------------

void NewRunDialog::estimate()
{
    if (m_estimateProcess)
        return;
    TrainConfig c;
    try {
        c = config();
    } catch (const std::exception &e) {
        m_estimate->setText(QString::fromUtf8(e.what()));
        return;
    }
    if (m_estimateConfigFile.isEmpty())
        m_estimateConfigFile = QDir::temp().filePath(QStringLiteral("fieldbench-estimate-%1.json").arg(QCoreApplication::applicationPid()));
    QSaveFile file(m_estimateConfigFile);
    const std::string text = c.toJson();
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) < 0 || !file.commit()) {
        m_estimate->setText(tr("Cannot write %1.").arg(m_estimateConfigFile));
        return;
    }
    auto *process = new QProcess(this);
    m_estimateProcess = process;
    m_estimateButton->setEnabled(false);
    m_estimate->setText(tr("Measuring a few training steps\u2026"));
    const qint64 maxSteps = c.maxSteps;
    auto done = [this, process](bool ok, const QString &text) {
        process->deleteLater();
        m_estimateButton->setEnabled(true);
        m_estimateText = text;
        m_estimate->setText(text);
        emit estimateFinished(ok, text);
    };
    connect(process, &QProcess::finished, this, [this, process, done, maxSteps](int code, QProcess::ExitStatus status) {
        const QList<QByteArray> lines = process->readAllStandardOutput().split('\n');
        const QString err = QString::fromUtf8(process->readAllStandardError()).trimmed();
        json j;
        for (auto it = lines.crbegin(); it != lines.crend(); ++it)
            if (!it->trimmed().isEmpty()) {
                j = json::parse(it->constBegin(), it->constEnd(), nullptr, false);
                break;
            }
        if (status != QProcess::NormalExit || code != 0 || !j.is_object() || !j.contains("seconds_per_step")) {
            QString reason = err.section(QLatin1Char('\n'), -1).trimmed();
            if (reason.isEmpty())
                reason = tr("exit code %1").arg(code);
            done(false, tr("No estimate: %1").arg(reason));
            return;
        }
        const double perStep = j.value("seconds_per_step", 0.0);
        const double steps = j.value("steps_per_epoch", 0.0);
        const double perEpoch = j.value("seconds_per_epoch", perStep * steps);
        done(true, tr("\u2248 %1 per epoch (%2 steps of %3 s); %4 steps \u2248 %5")
                       .arg(clock(perEpoch))
                       .arg(qint64(steps))
                       .arg(perStep, 0, 'f', 2)
                       .arg(maxSteps)
                       .arg(clock(perStep * double(maxSteps))));
    });
    connect(process, &QProcess::errorOccurred, this, [this, done](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            done(false, tr("Cannot run %1.").arg(m_cli));
    });
    process->start(m_cli.isEmpty() ? QStringLiteral("fieldbench-cli") : m_cli,
                   {QStringLiteral("train"), QStringLiteral("--project"), m_projectDir, QStringLiteral("--config"),
                    m_estimateConfigFile, QStringLiteral("--estimate")});
}

QString NewRunDialog::estimateText() const
{
    return m_estimateText;
}

} // namespace fieldbench
