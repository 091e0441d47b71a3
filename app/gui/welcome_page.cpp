// WelcomePage: first-run choices.
#include "welcome_page.h"

#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace hint::gui {

namespace {

// A titled card: heading, one line of explanation, an action button.
QFrame* makeCard(QWidget* parent, const QString& heading, const QString& text, QPushButton* button)
{
    auto* card = new QFrame(parent);
    card->setFrameShape(QFrame::StyledPanel);
    // Three in a row beside the Concepts and Run docks at their default widths in a 1360 px window.
    card->setMinimumWidth(170);
    auto* layout = new QVBoxLayout(card);
    layout->setContentsMargins(16, 14, 16, 14);
    auto* title = new QLabel(QStringLiteral("<b>%1</b>").arg(heading.toHtmlEscaped()), card);
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.15);
    title->setFont(font);
    title->setWordWrap(true);
    auto* body = new QLabel(text, card);
    body->setWordWrap(true);
    body->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    body->setMinimumHeight(body->fontMetrics().lineSpacing() * 3);
    layout->addWidget(title);
    layout->addWidget(body, 1);
    button->setParent(card);
    layout->addWidget(button, 0, Qt::AlignLeft);
    return card;
}

}  // namespace

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(32, 28, 32, 28);
    outer->setSpacing(18);

    auto* title = new QLabel(tr("HINT Explorer"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.0);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto* subtitle = new QLabel(tr("Which neurons of an image classifier stand for which concepts of the WordNet "
                                   "hierarchy, and where in an image they look (HINT, CVPR 2022)."),
                                this);
    subtitle->setWordWrap(true);
    outer->addWidget(title);
    outer->addWidget(subtitle);

    auto* cards = new QGridLayout;
    cards->setHorizontalSpacing(16);
    m_demo = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Open the demo"));
    auto* openModel = new QPushButton(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("Open model\u2026"));
    openModel->setToolTip(tr("Choose an architecture, its weights and a layer in the Run panel"));
    auto* openShapley = new QPushButton(style()->standardIcon(QStyle::SP_FileIcon), tr("Open Shapley values\u2026"));
    openShapley->setToolTip(tr("A CSV written by \u201chint shapley\u201d (Ctrl+Shift+O)"));
    cards->addWidget(makeCard(this, tr("Built-in demo"),
                              tr("Shapes world: a small network trains in a few minutes, then opens with its "
                                 "concept tree ready."),
                              m_demo),
                     0, 0);
    cards->addWidget(makeCard(this, tr("Open model and data set"),
                              tr("A torchvision architecture with its .pth or .safetensors weights, and a folder "
                                 "of images named by WordNet ids."),
                              openModel),
                     0, 1);
    cards->addWidget(makeCard(this, tr("Neuron contributions"),
                              tr("Plot per-neuron Shapley values of a concept computed with the hint command "
                                 "line tool."),
                              openShapley),
                     0, 2);
    outer->addLayout(cards);

    auto* recentRow = new QHBoxLayout;
    auto* recentTitle = new QLabel(QStringLiteral("<b>%1</b>").arg(tr("Recent projects")), this);
    auto* openProject = new QPushButton(style()->standardIcon(QStyle::SP_DirOpenIcon), tr("Open project\u2026"), this);
    openProject->setToolTip(tr("A .hintproj file (Ctrl+O)"));
    recentRow->addWidget(recentTitle);
    recentRow->addStretch(1);
    recentRow->addWidget(openProject);
    m_recent = new QListWidget(this);
    m_recent->setMaximumHeight(180);
    m_recent->setAlternatingRowColors(true);
    outer->addLayout(recentRow);
    outer->addWidget(m_recent);
    outer->addStretch(1);

    connect(m_demo, &QPushButton::clicked, this, &WelcomePage::demoRequested);
    connect(openProject, &QPushButton::clicked, this, &WelcomePage::chooseProjectRequested);
    connect(openModel, &QPushButton::clicked, this, &WelcomePage::openModelRequested);
    connect(openShapley, &QPushButton::clicked, this, &WelcomePage::openShapleyRequested);
    connect(m_recent, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        const QString path = item->data(Qt::UserRole).toString();
        if (!path.isEmpty()) Q_EMIT openProjectRequested(path);
    });
    setRecentProjects({});
}

void WelcomePage::setDemoBuilt(bool built)
{
    m_demo->setEnabled(true);
    m_demo->setText(built ? tr("Open the demo") : tr("Build and open the demo"));
    m_demo->setToolTip(built ? tr("Open the Shapes world demo (Ctrl+D)")
                             : tr("Trains the demo network once (a few minutes, progress in the Jobs panel), "
                                  "then opens it"));
}

void WelcomePage::setDemoBuilding(bool building)
{
    m_demo->setEnabled(!building);
    if (building) m_demo->setText(tr("Building the demo\u2026"));
}

void WelcomePage::setRecentProjects(const QStringList& paths)
{
    m_recent->clear();
    for (const QString& path : paths) {
        auto* item = new QListWidgetItem(QStringLiteral("%1    \u2014  %2").arg(QFileInfo(path).fileName(), path), m_recent);
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
    }
    if (paths.isEmpty()) {
        auto* item = new QListWidgetItem(tr("No recent projects"), m_recent);
        item->setFlags(Qt::NoItemFlags);
    }
}

}  // namespace hint::gui
