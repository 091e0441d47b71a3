// ProjectEdit: undo/redo of a project change.
#include "project_edit.h"

namespace hint::gui {

ProjectEdit::ProjectEdit(const QString& text, store::Project before, store::Project after, Apply apply)
    : QUndoCommand(text), m_before(std::move(before)), m_after(std::move(after)), m_apply(std::move(apply))
{
}

void ProjectEdit::undo()
{
    m_apply(m_before);
}

void ProjectEdit::redo()
{
    m_apply(m_after);
}

bool ProjectEdit::differs(const store::Project& a, const store::Project& b)
{
    // Compared as they would be saved (paths relative to one place).
    return a.toJson("/project.hintproj") != b.toJson("/project.hintproj");
}

}  // namespace hint::gui
