import './base.css';
import './schema-browser.css';
