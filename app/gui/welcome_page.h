// WelcomePage: what a first run shows: the built-in demo, "Open model and data set", Shapley values
// written by the CLI, and recent projects.
#pragma once

#include <QWidget>

class QListWidget;
class QPushButton;

namespace hint::gui {

class WelcomePage : public QWidget {
    Q_OBJECT

public:
    explicit WelcomePage(QWidget* parent = nullptr);

    void setRecentProjects(const QStringList& paths);
    // The demo button says whether opening the demo builds it first.
    void setDemoBuilt(bool built);
    void setDemoBuilding(bool building);
    QPushButton* demoButton() const { return m_demo; }
    QListWidget* recentList() const { return m_recent; }

Q_SIGNALS:
    void demoRequested();
    void openModelRequested();
    void openShapleyRequested();
    void openProjectRequested(const QString& path);
    void chooseProjectRequested();

private:
    QPushButton* m_demo = nullptr;
    QListWidget* m_recent = nullptr;
};

}  // namespace hint::gui
