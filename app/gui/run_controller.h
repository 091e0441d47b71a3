// RunController: runs HINT (pipeline::runProject) for a project in one JobRunner job, so the Jobs dock
// shows its progress, rate and ETA and can cancel it. One run at a time. The engine publishes each cache
// entry by one rename, so a cancelled run leaves whole entries only and the next run resumes.
#pragma once

#include "bridge/job_handle.h"
#include "pipeline/pipeline_run.h"
#include "store/project.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <memory>

namespace hint::bridge {
class JobRunner;
}

namespace hint::gui {

class RunController : public QObject {
    Q_OBJECT

public:
    explicit RunController(bridge::JobRunner* runner, QObject* parent = nullptr);

    // The project restricted to what one run computes: the given concepts (all of the project's when
    // empty) at the given layer (all of its layers when empty).
    static store::Project runScope(const store::Project& project, const QStringList& concepts, const QString& layer);

    // Starts the run; null (and nothing started) while another run is going.
    bridge::JobHandle* start(const store::Project& project, const QString& title);
    bool isRunning() const { return m_job != nullptr; }
    bridge::JobHandle* job() const { return m_job; }
    const std::shared_ptr<const pipeline::RunSummary>& lastSummary() const { return m_summary; }

public Q_SLOTS:
    void cancel();

Q_SIGNALS:
    void runningChanged(bool running);
    void succeeded(const hint::pipeline::RunSummary& summary);
    void failed(const QString& message);
    void cancelled();
    // After any of the three (and runningChanged(false)).
    void finished();

private:
    bridge::JobRunner* m_runner;
    QPointer<bridge::JobHandle> m_job;
    std::shared_ptr<const pipeline::RunSummary> m_summary;
};

}  // namespace hint::gui
