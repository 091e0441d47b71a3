// JobsPanel: job rows and the job log.
#include "jobs_panel.h"

#include "bridge/job_handle.h"
#include "bridge/job_runner.h"

#include <QDateTime>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace hint::widgets {

using bridge::JobHandle;

namespace {

QString stateText(const JobHandle& job)
{
    switch (job.state()) {
    case JobHandle::State::Queued: return job.isCancelRequested() ? JobsPanel::tr("Cancelling") : JobsPanel::tr("Queued");
    case JobHandle::State::Running:
        return job.isCancelRequested() ? JobsPanel::tr("Cancelling") : job.stage().isEmpty() ? JobsPanel::tr("Running") : job.stage();
    case JobHandle::State::Succeeded: return JobsPanel::tr("Done");
    case JobHandle::State::Failed: return JobsPanel::tr("Failed");
    case JobHandle::State::Cancelled:
        return job.isSuperseded() ? JobsPanel::tr("Superseded by a newer request") : JobsPanel::tr("Cancelled");
    }
    return QString();
}

// One job: title, state or stage, progress bar, "n/total · rate · ETA", cancel. Esc cancels it.
class JobRow : public QFrame {
public:
    JobRow(JobHandle* job, QWidget* parent) : QFrame(parent), m_job(job)
    {
        setFrameShape(QFrame::StyledPanel);
        setFocusPolicy(Qt::StrongFocus);
        setToolTip(JobsPanel::tr("Esc cancels the focused job"));
        auto* layout = new QHBoxLayout(this);
        layout->setContentsMargins(8, 1, 2, 1);
        m_title = new QLabel(QStringLiteral("<b>%1</b>").arg(job->title().toHtmlEscaped()), this);
        m_state = new QLabel(this);
        m_state->setEnabled(false);  // secondary text colour
        m_state->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("Superseded by a newer")));
        layout->addWidget(m_title, 2);
        layout->addWidget(m_state, 2);
        m_bar = new QProgressBar(this);
        m_bar->setRange(0, 0);  // busy until the job reports a total
        m_bar->setTextVisible(false);
        m_bar->setMaximumHeight(12);
        layout->addWidget(m_bar, 3);
        m_numbers = new QLabel(this);
        m_numbers->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("0000/0000 · 000.0/s · ETA 00:00")));
        layout->addWidget(m_numbers, 2);
        m_cancel = new QToolButton(this);
        m_cancel->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
        m_cancel->setToolTip(JobsPanel::tr("Cancel this job (Esc)"));
        m_cancel->setAutoRaise(true);
        layout->addWidget(m_cancel);
        QObject::connect(m_cancel, &QToolButton::clicked, job, &JobHandle::cancel);
        QObject::connect(job, &JobHandle::progressChanged, this, [this] { refresh(); });
        QObject::connect(job, &JobHandle::stateChanged, this, [this] { refresh(); });
        refresh();
    }

protected:
    void keyPressEvent(QKeyEvent* event) override
    {
        if (event->key() == Qt::Key_Escape && m_job) {
            m_job->cancel();
            return;
        }
        QFrame::keyPressEvent(event);
    }

private:
    void refresh()
    {
        if (!m_job) return;
        const JobHandle& job = *m_job;
        m_state->setText(stateText(job));
        if (job.state() == JobHandle::State::Failed) m_state->setToolTip(job.errorMessage());
        m_cancel->setEnabled(!job.isCancelRequested());
        // Keeps its place so the columns of finished and running rows line up.
        m_cancel->setVisible(!job.isFinished());
        QSizePolicy policy = m_cancel->sizePolicy();
        policy.setRetainSizeWhenHidden(true);
        m_cancel->setSizePolicy(policy);
        QSizePolicy barPolicy = m_bar->sizePolicy();
        barPolicy.setRetainSizeWhenHidden(true);
        m_bar->setSizePolicy(barPolicy);
        m_bar->setVisible(!job.isFinished());
        if (job.isFinished()) {
            const double seconds = job.elapsedSeconds();
            m_numbers->setText(job.state() == JobHandle::State::Succeeded
                                   ? JobsPanel::tr("in %1").arg(seconds < 10 ? QStringLiteral("%1 s").arg(seconds, 0, 'f', 1)
                                                                             : JobsPanel::formatDuration(seconds))
                                   : QString());
            return;
        }
        if (job.total() <= 0) {
            m_bar->setRange(0, 0);
            m_numbers->clear();
            return;
        }
        // Permille keeps int ranges safe for totals beyond 2^31.
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(std::lround(1000.0 * double(job.done()) / double(job.total()))));
        m_numbers->setText(JobsPanel::progressText(job));
    }

    QPointer<JobHandle> m_job;
    QLabel* m_title;
    QLabel* m_state;
    QProgressBar* m_bar;
    QLabel* m_numbers;
    QToolButton* m_cancel;
};

}  // namespace

JobsPanel::JobsPanel(bridge::JobRunner* runner, QWidget* parent) : QWidget(parent), m_runner(runner)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    layout->addWidget(splitter);

    auto* jobsBox = new QWidget(splitter);
    auto* jobsLayout = new QVBoxLayout(jobsBox);
    jobsLayout->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(jobsBox);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* rows = new QWidget(scroll);
    m_rowsLayout = new QVBoxLayout(rows);
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->setSpacing(4);
    m_emptyLabel = new QLabel(tr("No jobs yet. Jobs you start appear here with their progress."), rows);
    m_emptyLabel->setEnabled(false);
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_rowsLayout->addWidget(m_emptyLabel);
    m_rowsLayout->addStretch(1);
    scroll->setWidget(rows);
    jobsLayout->addWidget(scroll, 1);
    auto* buttons = new QHBoxLayout;
    auto* clear = new QPushButton(tr("Clear finished"), jobsBox);
    clear->setToolTip(tr("Remove finished, failed and cancelled jobs from the list"));
    buttons->addStretch(1);
    buttons->addWidget(clear);
    jobsLayout->addLayout(buttons);

    m_log = new QPlainTextEdit(splitter);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setPlaceholderText(tr("Skipped files and errors appear here."));
    splitter->addWidget(jobsBox);
    splitter->addWidget(m_log);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    connect(clear, &QPushButton::clicked, m_runner, &bridge::JobRunner::clearFinished);
    connect(m_runner, &bridge::JobRunner::jobAdded, this, &JobsPanel::addJob);
    connect(m_runner, &bridge::JobRunner::jobRemoved, this, &JobsPanel::removeJob);
    connect(m_runner, &bridge::JobRunner::logMessage, this, &JobsPanel::appendLog);
    for (JobHandle* job : m_runner->jobs()) addJob(job);
}

void JobsPanel::addJob(JobHandle* job)
{
    if (m_rows.contains(job)) return;
    if (job->isInternal() && !job->isFinished()) {
        // The user's work, not plumbing: an internal load appears only when it takes a while or fails.
        const QPointer<JobHandle> guarded(job);
        QTimer::singleShot(kInternalJobDelayMs, this, [this, guarded] {
            if (guarded && !guarded->isFinished()) showJob(guarded);
        });
        connect(job, &JobHandle::failed, this, [this, guarded] {
            if (guarded) showJob(guarded);
        });
        return;
    }
    if (job->isInternal() && job->state() != JobHandle::State::Failed) return;
    showJob(job);
}

void JobsPanel::showJob(JobHandle* job)
{
    if (m_rows.contains(job)) return;
    auto* row = new JobRow(job, m_rowsLayout->parentWidget());
    // Newest first, above the stretch.
    m_rowsLayout->insertWidget(0, row);
    m_rows.insert(job, row);
    m_emptyLabel->hide();
    connect(job, &JobHandle::stateChanged, this, &JobsPanel::updateSummary);
    connect(job, &JobHandle::progressChanged, this, &JobsPanel::updateSummary);
    connect(job, &QObject::destroyed, this, [this, job] { removeJob(job); });
    updateSummary();
}

void JobsPanel::removeJob(JobHandle* job)
{
    QWidget* row = m_rows.take(job);
    if (!row) return;
    row->deleteLater();
    m_emptyLabel->setVisible(m_rows.isEmpty());
    updateSummary();
}

void JobsPanel::appendLog(int jobId, const QString& title, const QString& message, bool isError)
{
    const QString time = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
    const QString line = QStringLiteral("%1  [%2 #%3]  %4")
                             .arg(time, title.toHtmlEscaped())
                             .arg(jobId)
                             .arg(message.toHtmlEscaped());
    if (isError) m_log->appendHtml(QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(line));
    else m_log->appendHtml(line);
}

QString JobsPanel::formatDuration(double seconds)
{
    const long long total = std::llround(std::max(0.0, seconds));
    const long long h = total / 3600;
    const long long m = (total % 3600) / 60;
    const long long s = total % 60;
    if (h > 0) return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

QString JobsPanel::progressText(const JobHandle& job)
{
    if (job.total() <= 0) return QString();
    // A stepped job counts whole steps; its rate in units (thousandths of a step) would mean nothing.
    const qint64 unit = job.unitsPerStep();
    QString text = unit > 1 ? tr("%1/%2 steps").arg(job.done() / unit).arg(job.total() / unit)
                            : QStringLiteral("%1/%2").arg(job.done()).arg(job.total());
    if (job.rate() > 0 && unit == 1) text += QStringLiteral(" · %1/s").arg(job.rate(), 0, 'f', job.rate() < 10 ? 1 : 0);
    if (job.etaSeconds() >= 0) text += QStringLiteral(" · ETA %1").arg(formatDuration(job.etaSeconds()));
    return text;
}

QString JobsPanel::summaryText() const
{
    int running = 0;
    int queued = 0;
    const JobHandle* first = nullptr;
    if (!m_runner) return tr("Ready");
    for (JobHandle* job : m_runner->jobs()) {
        if (!m_rows.contains(job)) continue;  // an internal load not shown (yet)
        if (job->state() == JobHandle::State::Running) {
            ++running;
            if (!first) first = job;
        } else if (job->state() == JobHandle::State::Queued) {
            ++queued;
        }
    }
    if (running == 0 && queued == 0) return tr("Ready");
    QStringList parts;
    parts << tr("%n job(s) running", nullptr, running);
    if (queued > 0) parts.last() += tr(", %n queued", nullptr, queued);
    if (first) {
        QString progress = first->stage().isEmpty() ? first->title() : first->stage();
        if (first->total() > 0)
            progress += QStringLiteral(" %1%").arg(int(100.0 * double(first->done()) / double(first->total())));
        parts << progress;
        if (first->etaSeconds() >= 0) parts << tr("ETA %1").arg(formatDuration(first->etaSeconds()));
    }
    return parts.join(QStringLiteral("  \u00b7  "));
}

void JobsPanel::updateSummary()
{
    if (!m_runner) return;
    Q_EMIT summaryChanged(summaryText());
}

}  // namespace hint::widgets
