// JobHandle: one background job as the GUI thread sees it. A QFutureWatcher living on the GUI thread
// turns the worker's promise into signals; the handle then reads progress and the outcome from the state
// it shares with the worker. It never blocks and never waits on the future.
#pragma once

#include "bridge/job_result.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>

namespace hint::bridge {

struct JobSharedState;

class JobHandle : public QObject {
    Q_OBJECT

public:
    enum class State { Queued, Running, Succeeded, Failed, Cancelled };
    Q_ENUM(State)

    ~JobHandle() override;

    int id() const { return m_id; }
    const QString& title() const { return m_title; }
    // Jobs with the same non-empty key supersede each other (a newer request makes an older one stale).
    const QString& key() const { return m_key; }
    State state() const { return m_state; }
    bool isFinished() const;
    bool isCancelRequested() const { return m_cancelRequested; }
    bool isSuperseded() const { return m_superseded; }
    // An internal load (stored results, heatmaps, a listing): the Jobs dock shows it only when it lasts
    // over a second or fails, and the runner forgets it once it has succeeded or been cancelled.
    bool isInternal() const { return m_internal; }

    qint64 done() const { return m_done; }
    qint64 total() const { return m_total; }
    // > 1 for a job made of steps (JobContext::stepProgress): done and total are in units, this many a step.
    qint64 unitsPerStep() const { return m_unitsPerStep; }
    const QString& stage() const { return m_stage; }
    double rate() const { return m_rate; }              // units a second in the current stage (stepped: the run)
    double etaSeconds() const { return m_etaSeconds; }  // < 0 when unknown
    double elapsedSeconds() const;  // running time so far, or until it finished
    const QString& errorMessage() const { return m_errorMessage; }
    const JobResult& result() const { return m_result; }

public Q_SLOTS:
    // Asks the worker to stop at its next check; cancelled() follows when it has.
    void cancel();

Q_SIGNALS:
    void stateChanged(hint::bridge::JobHandle::State state);
    void progressChanged(qint64 done, qint64 total, const QString& stage, double rate, double etaSeconds);
    void warningLogged(const QString& message);
    void succeeded(const hint::bridge::JobResult& result);
    void failed(const QString& message);
    void cancelled();
    // After succeeded, failed or cancelled.
    void finished();

private:
    friend class JobRunner;
    JobHandle(int id, QString title, QString key, std::shared_ptr<JobSharedState> shared, QObject* parent);
    void watch(const QFuture<void>& future);
    void supersede();
    void onProgressAnnounced();
    void onFutureFinished();
    void readSharedState();
    void setState(State state);

    const int m_id;
    const QString m_title;
    const QString m_key;
    std::shared_ptr<JobSharedState> m_shared;
    QFutureWatcher<void> m_watcher;  // progress announcements and the end of the job

    State m_state = State::Queued;
    bool m_cancelRequested = false;
    bool m_superseded = false;
    bool m_internal = false;
    qint64 m_done = 0;
    qint64 m_total = 0;
    qint64 m_unitsPerStep = 1;
    QString m_stage;
    double m_rate = 0.0;
    double m_etaSeconds = -1.0;
    QString m_errorMessage;
    JobResult m_result;

    // Rate over the current stage: units done since it began, over the time since. A stepped job's
    // stages are its steps on one count, so for it the window spans the whole count.
    QElapsedTimer m_stageClock;
    QElapsedTimer m_runClock;
    double m_finishedSeconds = -1.0;
    qint64 m_stageStartDone = 0;
};

}  // namespace hint::bridge
