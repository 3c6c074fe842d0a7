#pragma once
// Edits the settings a person may change while the program runs. Values that cannot
// work are refused in the dialog with the reason, by the same rules as the command line
// and the settings file (configrules.h) plus the checks only the dialog can make (is this
// an address of this computer); accepted values go to the apply
// function (DesktopApp's: Engine::reconfigure, then Settings::store), whose error keeps
// the dialog open, so nothing is ever half applied behind the person's back.

#include "config.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QRadioButton;
class QSpinBox;

namespace ziggie::ui {

class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    using ApplyFunction = std::function<bool(const Config &config, QString *error)>;

    SettingsDialog(const Config &current, ApplyFunction apply, QWidget *parent = nullptr);

    // The configuration the fields describe now.
    Config config() const;
    // Empty when the configuration can be applied, else the reason it cannot (translated).
    static QString validate(const Config &config);
    QString errorText() const;

public slots:
    void accept() override;

signals:
    void remoteHostsRequested(); // the fleet's hosts are edited in their own dialog

private:
    void load(const Config &config);
    void showError(const QString &message);
    void updateLanState();
    void regenerateToken();

    Config m_original;
    ApplyFunction m_apply;
    QDoubleSpinBox *m_interval;
    QLineEdit *m_diskPath;
    QSpinBox *m_port;
    QRadioButton *m_loopback;
    QRadioButton *m_lan;
    QComboBox *m_lanAddress;
    QLabel *m_lanWarning;
    QWidget *m_lanWarningRow;
    QPlainTextEdit *m_origins;
    QLineEdit *m_token;
    QCheckBox *m_showToken;
    QLabel *m_error;
};

} // namespace ziggie::ui
