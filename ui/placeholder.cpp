// The desktop UI is composed in app/; this file keeps the library non-empty until it lands.
