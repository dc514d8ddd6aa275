Bitte bestätigen Sie Ihre Anmeldung
