// RunController: one pipeline run at a time, in a job.
#include "run_controller.h"

#include "bridge/job_runner.h"

namespace hint::gui {

RunController::RunController(bridge::JobRunner* runner, QObject* parent) : QObject(parent), m_runner(runner) {}

store::Project RunController::runScope(const store::Project& project, const QStringList& concepts, const QString& layer)
{
    store::Project scope = project;
    if (!concepts.isEmpty()) {
        scope.concepts.clear();
        for (const QString& wnid : concepts) scope.concepts.push_back(wnid.toStdString());
    }
    if (!layer.isEmpty()) scope.layers = {layer.toStdString()};
    return scope;
}

bridge::JobHandle* RunController::start(const store::Project& project, const QString& title)
{
    if (m_job) return nullptr;
    m_job = m_runner->start(title, QStringLiteral("pipeline/run"),
                            [project](jobs::JobContext& context) { return pipeline::runProject(project, {}, context); });
    bridge::JobHandle* job = m_job;
    connect(job, &bridge::JobHandle::succeeded, this, [this](const bridge::JobResult& result) {
        m_summary = result.get<pipeline::RunSummary>();
        if (m_summary) Q_EMIT succeeded(*m_summary);
    });
    connect(job, &bridge::JobHandle::failed, this, &RunController::failed);
    connect(job, &bridge::JobHandle::cancelled, this, &RunController::cancelled);
    connect(job, &bridge::JobHandle::finished, this, [this, job] {
        if (m_job != job) return;
        m_job = nullptr;
        Q_EMIT runningChanged(false);
        Q_EMIT finished();
    });
    Q_EMIT runningChanged(true);
    return job;
}

void RunController::cancel()
{
    if (m_job) m_job->cancel();
}

}  // namespace hint::gui
