#pragma once
// The chart window's choice of span: "Live" (the memory ring, drawn by the window itself) or a
// stored range — 1 h, 24 h, 7 d, 30 d, 1 y — asked of the durable history and drawn with its
// min–max band, refreshed while shown, and exported as CSV. It asks through a Query it is given
// (the Engine's), so it needs neither the engine nor the store to be tested.

#include "rangeanswer.h"
#include "rangerequest.h"

#include <QTimer>
#include <QWidget>

#include <array>
#include <functional>

class QButtonGroup;
class QLabel;
class QStackedWidget;
class QToolButton;

namespace ziggie::ui {

class HistoryChart;

class HistoryPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryPanel)

public:
    using Answer = std::function<void(const RangeAnswer &)>;
    using Query = std::function<void(const RangeRequest &, const QObject *context, Answer)>;

    // The spans offered; index 0 is Live (no query).
    static constexpr std::array<qint64, 6> SpansMs{0, 3600'000LL, 24 * 3600'000LL, 7 * 24 * 3600'000LL,
                                                   30 * 24 * 3600'000LL, 365 * 24 * 3600'000LL};

    // `live` is the window's own chart of the last minutes; the panel shows it for "Live".
    explicit HistoryPanel(QWidget *live, QWidget *parent = nullptr);
    ~HistoryPanel() override;

    // Without a query (history is not recorded) only Live is offered.
    void setQuery(Query query);
    void setPointCount(int points) { m_points = points; }

    void selectSpan(int index); // what a click on the span's button does
    int span() const { return m_span; }
    bool isLive() const { return m_span == 0; }
    const RangeAnswer &answer() const { return m_answer; }
    HistoryChart *chart() const { return m_chart; }
    QToolButton *spanButton(int index) const;

    // Writes the range shown as CSV; false with `error` set when it cannot be written.
    bool exportCsv(const QString &path, QString *error) const;

signals:
    void answered(); // a range arrived and is drawn (tests, screenshots)

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void ask();
    void chooseCsvFile();

    Query m_query;
    int m_span = 0;
    int m_points = 600;
    int m_asked = 0; // which question the next answer must belong to
    RangeAnswer m_answer;
    QTimer m_refresh;
    QButtonGroup *m_spans = nullptr;
    QToolButton *m_export = nullptr;
    QStackedWidget *m_stack = nullptr;
    HistoryChart *m_chart = nullptr;
};

} // namespace ziggie::ui
