#pragma once
// Adds, edits and removes the remote Ziggie hosts the fleet view watches, and sets the
// alert thresholds. A saved token is never shown again — only "•••• (saved)"; typing a
// new one replaces it, leaving the field empty keeps it. The dialog edits a copy: the
// caller applies hosts() and alertRule() on OK, so Cancel changes nothing.

#include "fleetalertrule.h"
#include "fleethostconfig.h"

#include <QDialog>
#include <QList>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace ziggie::ui {

class RemoteHostsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteHostsDialog)

public:
    static QString savedTokenText(); // "•••• (saved)"

    RemoteHostsDialog(const QList<FleetHostConfig> &hosts, const FleetAlertRule &rule, QWidget *parent = nullptr);

    QList<FleetHostConfig> hosts() const { return m_hosts; }
    FleetAlertRule alertRule() const;
    QString errorText() const;

    // Empty when the form describes a usable host, else why not.
    static QString validate(const FleetHostConfig &config);

    // The form, for tests and keyboard users.
    QLineEdit *nameField() const { return m_name; }
    QLineEdit *urlField() const { return m_url; }
    QLineEdit *tokenField() const { return m_token; }
    QCheckBox *clearTokenBox() const { return m_clearToken; }
    QTableWidget *table() const { return m_table; }

public slots:
    bool addFromForm();
    bool updateSelected();
    void removeSelected();

private:
    void refreshTable();
    void loadSelected();
    FleetHostConfig formConfig(const QString &savedToken) const;
    bool storeForm(int row); // the form into row, or a new row when -1; false (and why) if unusable
    void showError(const QString &message);
    static QString noTokenText();

    QList<FleetHostConfig> m_hosts;
    QTableWidget *m_table;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QLineEdit *m_token;
    QCheckBox *m_clearToken;
    QPushButton *m_update;
    QPushButton *m_remove;
    QDoubleSpinBox *m_cpuThreshold;
    QSpinBox *m_sustain;
    QCheckBox *m_hostDown;
    QLabel *m_error;
};

} // namespace ziggie::ui
