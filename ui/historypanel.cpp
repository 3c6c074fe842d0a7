#include "historypanel.h"

#include "historychart.h"

#include <QButtonGroup>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QMessageBox>
#include <QSaveFile>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace ziggie::ui {

namespace {

QString spanLabel(int index)
{
    switch (index) {
    case 0: return HistoryPanel::tr("Live");
    case 1: return HistoryPanel::tr("1 h");
    case 2: return HistoryPanel::tr("24 h");
    case 3: return HistoryPanel::tr("7 d");
    case 4: return HistoryPanel::tr("30 d");
    default: return HistoryPanel::tr("1 y");
    }
}

// What a screen reader says for the button: "1 h" read out is not a span.
QString spanName(int index)
{
    switch (index) {
    case 0: return HistoryPanel::tr("Live");
    case 1: return HistoryPanel::tr("1 hour");
    case 2: return HistoryPanel::tr("24 hours");
    case 3: return HistoryPanel::tr("7 days");
    case 4: return HistoryPanel::tr("30 days");
    default: return HistoryPanel::tr("1 year");
    }
}

QString spanDescription(int index)
{
    switch (index) {
    case 0: return HistoryPanel::tr("The last minutes, sample by sample");
    case 1: return HistoryPanel::tr("The last hour from the stored history");
    case 2: return HistoryPanel::tr("The last 24 hours from the stored history");
    case 3: return HistoryPanel::tr("The last 7 days from the stored history");
    case 4: return HistoryPanel::tr("The last 30 days from the stored history");
    default: return HistoryPanel::tr("The last year from the stored history");
    }
}

} // namespace

HistoryPanel::HistoryPanel(QWidget *live, QWidget *parent)
    : QWidget(parent)
    , m_spans(new QButtonGroup(this))
    , m_stack(new QStackedWidget(this))
    , m_chart(new HistoryChart(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    bar->setSpacing(2);
    for (int i = 0; i < int(SpansMs.size()); ++i) {
        auto *button = new QToolButton(this);
        button->setText(spanLabel(i));
        button->setToolTip(spanDescription(i));
        button->setAccessibleName(spanName(i));
        button->setAccessibleDescription(spanDescription(i));
        button->setCheckable(true);
        button->setAutoRaise(true);
        // One Tab stop for the group, at the span chosen, as for radio buttons; the arrow keys
        // move between the spans and choose.
        button->setFocusPolicy(Qt::StrongFocus);
        button->installEventFilter(this);
        m_spans->addButton(button, i);
        bar->addWidget(button);
    }
    m_spans->button(0)->setChecked(true);
    connect(m_spans, &QButtonGroup::idClicked, this, &HistoryPanel::selectSpan);
    bar->addStretch(1);
    m_export = new QToolButton(this);
    m_export->setObjectName(QStringLiteral("exportCsv"));
    m_export->setText(tr("Export CSV…"));
    m_export->setToolTip(tr("Save the range shown, with min, average and max of each point"));
    m_export->setAccessibleName(tr("Export CSV"));
    m_export->setAccessibleDescription(m_export->toolTip());
    m_export->setAutoRaise(true);
    m_export->setFocusPolicy(Qt::StrongFocus);
    m_export->installEventFilter(this);
    connect(m_export, &QToolButton::clicked, this, &HistoryPanel::chooseCsvFile);
    bar->addWidget(m_export);
    layout->addLayout(bar);

    m_stack->addWidget(live);
    m_stack->addWidget(m_chart);
    layout->addWidget(m_stack, 1);

    m_refresh.setSingleShot(false);
    connect(&m_refresh, &QTimer::timeout, this, &HistoryPanel::ask);
    setQuery({});
}

HistoryPanel::~HistoryPanel() = default;

void HistoryPanel::setQuery(Query query)
{
    m_query = std::move(query);
    for (QAbstractButton *button : m_spans->buttons())
        button->setVisible(bool(m_query));
    if (!m_query)
        selectSpan(0);
    m_export->setVisible(bool(m_query) && !isLive());
}

QToolButton *HistoryPanel::spanButton(int index) const
{
    return qobject_cast<QToolButton *>(m_spans->button(index));
}

void HistoryPanel::selectSpan(int index)
{
    index = std::clamp(index, 0, int(SpansMs.size()) - 1);
    if (index != 0 && !m_query)
        return;
    m_span = index;
    m_spans->button(index)->setChecked(true);
    m_export->setVisible(bool(m_query) && !isLive());
    m_stack->setCurrentIndex(isLive() ? 0 : 1);
    ++m_asked; // an answer still on its way is for another span
    if (isLive()) {
        m_refresh.stop();
        return;
    }
    m_answer = {};
    m_export->setEnabled(false);
    m_chart->showMessage(tr("Loading…"));
    // As often as one point of the span fills, between 2 s and a minute.
    m_refresh.setInterval(int(std::clamp<qint64>(SpansMs[index] / m_points, 2000, 60000)));
    if (isVisible())
        m_refresh.start();
    ask();
}

void HistoryPanel::ask()
{
    if (isLive() || !m_query)
        return;
    RangeRequest request;
    request.rangeMs = SpansMs[m_span];
    request.points = m_points;
    request.withProcesses = true; // the owner's own window
    const int asked = m_asked;
    m_query(request, this, [this, asked](const RangeAnswer &answer) {
        if (asked != m_asked)
            return;
        m_answer = answer;
        m_export->setEnabled(!answer.points.empty());
        if (answer.points.empty())
            m_chart->showMessage(tr("Nothing recorded in this span yet"));
        else
            m_chart->setAnswer(answer);
        emit answered();
    });
}

bool HistoryPanel::exportCsv(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(historyRangeCsv(m_answer)) < 0 || !file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

void HistoryPanel::chooseCsvFile()
{
    const QString name = QStringLiteral("ziggie-%1.csv").arg(spanLabel(m_span).remove(QLatin1Char(' ')));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export CSV"), QDir::home().filePath(name),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export CSV"), error);
}

bool HistoryPanel::eventFilter(QObject *watched, QEvent *event)
{
    // Space presses a tool button already; Enter and Return do so too, as on the dashboard.
    auto *button = qobject_cast<QToolButton *>(watched);
    if (button && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            button->click();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void HistoryPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!isLive()) {
        m_refresh.start();
        ask();
    }
}

void HistoryPanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_refresh.stop(); // a hidden window costs no queries
}

} // namespace ziggie::ui
