// ProjectEdit: one undoable change of the open project (the Run panel's parameters written into it
// before a run or a save, concepts added by running them). Undo and redo hand the whole project state
// to `apply`: a project file is a few kilobytes, so keeping both states is simpler than diffs.
#pragma once

#include "store/project.h"

#include <QUndoCommand>

#include <functional>

namespace hint::gui {

class ProjectEdit : public QUndoCommand {
public:
    using Apply = std::function<void(const store::Project&)>;
    ProjectEdit(const QString& text, store::Project before, store::Project after, Apply apply);

    void undo() override;
    void redo() override;

    // True when the two states differ in anything saved to the file.
    static bool differs(const store::Project& a, const store::Project& b);

private:
    store::Project m_before;
    store::Project m_after;
    Apply m_apply;
};

}  // namespace hint::gui
